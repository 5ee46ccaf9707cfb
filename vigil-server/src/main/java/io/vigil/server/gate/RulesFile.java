package io.vigil.server.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A rules file: the small YAML subset of a list of strings under {@code rules:}.
 *
 * <pre>
 * # gate.yaml
 * rules:
 *   - "accuracy >= baseline - 0.01"
 *   - f1_macro > 0.80
 *   - 'latency_p95_ms &lt;= baseline * 1.10'
 * </pre>
 * Comments ({@code #} at the start of a line or after a space) and blank lines are ignored; items may be
 * plain, single- or double-quoted. Anything else is an error naming the line.
 */
public final class RulesFile {
  private RulesFile() {}

  public static List<String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read rules file " + file + ": " + e.getMessage());
    }
    return parse(lines, file.toString());
  }

  static List<String> parse(List<String> lines, String name) {
    List<String> rules = new ArrayList<>();
    boolean inRules = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = stripComment(lines.get(i)).stripTrailing();
      if (line.isBlank()) continue;
      String trimmed = line.trim();
      if (!Character.isWhitespace(line.charAt(0)) && !trimmed.startsWith("-")) {
        if (!trimmed.equals("rules:")) throw bad(name, i, "expected 'rules:', got '" + trimmed + "'");
        inRules = true;
        continue;
      }
      if (!inRules) throw bad(name, i, "list item before 'rules:'");
      if (!trimmed.startsWith("- ") && !trimmed.equals("-")) throw bad(name, i, "expected '- RULE', got '" + trimmed + "'");
      String item = trimmed.substring(1).trim();
      if (item.length() >= 2 && (item.startsWith("\"") && item.endsWith("\"") || item.startsWith("'") && item.endsWith("'"))) {
        char q = item.charAt(0);
        item = item.substring(1, item.length() - 1);
        item = q == '\'' ? item.replace("''", "'") : item.replace("\\\"", "\"").replace("\\\\", "\\");
      }
      if (item.isEmpty()) throw bad(name, i, "empty rule");
      rules.add(item);
    }
    if (rules.isEmpty()) throw new IllegalArgumentException("rules file " + name + " has no rules (expected 'rules:' and '- RULE' lines)");
    return rules;
  }

  private static String stripComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private static IllegalArgumentException bad(String name, int line, String why) {
    return new IllegalArgumentException("rules file " + name + " line " + (line + 1) + ": " + why);
  }
}
