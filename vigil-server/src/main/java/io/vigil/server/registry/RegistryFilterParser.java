package io.vigil.server.registry;

import io.vigil.model.VigilException;
import io.vigil.server.store.RegistrySearch.Condition;
import io.vigil.server.store.RegistrySearch.Field;
import io.vigil.server.store.RegistrySearch.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MLflow's registry filter strings: comparisons joined by AND, such as {@code name = 'm'},
 * {@code name LIKE '%m%'}, {@code tags.k = 'v'}, {@code run_id IN ('a', 'b')},
 * {@code version_number >= 2}; and order_by clauses such as {@code name ASC}.
 */
public final class RegistryFilterParser {
  private static final Set<String> STRING_OPS = Set.of("=", "!=", "LIKE", "ILIKE");
  private static final Set<String> NUMBER_OPS = Set.of("=", "!=", "<", "<=", ">", ">=");

  private final String input;
  private final boolean versions;
  private int pos;

  private RegistryFilterParser(String input, boolean versions) {
    this.input = input;
    this.versions = versions;
  }

  /** Conditions of a registered-model search ({@code name}, {@code tags.K}). */
  public static List<Condition> models(String filter) {
    return new RegistryFilterParser(filter == null ? "" : filter, false).parse();
  }

  /** Conditions of a model-version search ({@code name}, {@code run_id}, {@code source_path}, {@code version_number}, {@code tags.K}). */
  public static List<Condition> versions(String filter) {
    return new RegistryFilterParser(filter == null ? "" : filter, true).parse();
  }

  /** Order-by clauses: {@code KEY [ASC|DESC]} with the keys allowed for models or versions. */
  public static List<Order> orderBy(List<String> clauses, boolean versions) {
    List<Order> out = new ArrayList<>();
    for (String clause : clauses) {
      String[] parts = clause.trim().split("\\s+");
      if (parts.length == 0 || parts.length > 2 || parts[0].isEmpty()) throw badOrder(clause);
      String key = parts[0].toLowerCase(Locale.ROOT);
      if (key.startsWith("attributes.")) key = key.substring("attributes.".length());
      if (key.equals("timestamp")) key = "creation_timestamp";
      Set<String> allowed = versions ? Set.of("name", "version_number", "creation_timestamp", "last_updated_timestamp")
          : Set.of("name", "creation_timestamp", "last_updated_timestamp");
      if (!allowed.contains(key)) throw badOrder(clause);
      boolean asc = true;
      if (parts.length == 2) {
        String dir = parts[1].toUpperCase(Locale.ROOT);
        if (!dir.equals("ASC") && !dir.equals("DESC")) throw badOrder(clause);
        asc = dir.equals("ASC");
      }
      out.add(new Order(key.toUpperCase(Locale.ROOT), asc));
    }
    return out;
  }

  private static VigilException badOrder(String clause) {
    return VigilException.invalid("Invalid order_by clause '" + clause + "'.");
  }

  private List<Condition> parse() {
    List<Condition> out = new ArrayList<>();
    skipSpace();
    if (pos >= input.length()) return out;
    while (true) {
      out.add(condition());
      skipSpace();
      if (pos >= input.length()) return out;
      String word = word();
      if (!word.equalsIgnoreCase("AND")) throw error("expected AND");
    }
  }

  private Condition condition() {
    skipSpace();
    String ident = identifier();
    Field field;
    String tagKey = null;
    String lower = ident.toLowerCase(Locale.ROOT);
    if (lower.startsWith("tags.") || lower.startsWith("tag.")) {
      field = Field.TAG;
      tagKey = unquoteIdentifier(ident.substring(ident.indexOf('.') + 1));
    } else {
      if (lower.startsWith("attributes.")) lower = lower.substring("attributes.".length());
      field = switch (lower) {
        case "name" -> Field.NAME;
        case "run_id" -> versions ? Field.RUN_ID : null;
        case "source_path" -> versions ? Field.SOURCE_PATH : null;
        case "version_number" -> versions ? Field.VERSION_NUMBER : null;
        default -> null;
      };
      if (field == null) {
        throw VigilException.invalid("Invalid attribute key '" + ident + "' in filter '" + input + "'. Valid keys: "
            + (versions ? "name, run_id, source_path, version_number, tags.<key>" : "name, tags.<key>") + ".");
      }
    }
    skipSpace();
    String op = operator();
    skipSpace();
    List<String> values = new ArrayList<>();
    if (op.equals("IN")) {
      if (field != Field.RUN_ID && field != Field.VERSION_NUMBER && field != Field.NAME) {
        throw error("IN is only supported for run_id, name and version_number");
      }
      expect('(');
      while (true) {
        skipSpace();
        values.add(field == Field.VERSION_NUMBER ? number() : string());
        skipSpace();
        if (peek() == ',') {
          pos++;
          continue;
        }
        expect(')');
        break;
      }
    } else if (field == Field.VERSION_NUMBER) {
      if (!NUMBER_OPS.contains(op)) throw error("invalid comparator '" + op + "' for version_number");
      values.add(number());
    } else {
      if (!STRING_OPS.contains(op)) throw error("invalid comparator '" + op + "' for " + ident);
      values.add(string());
    }
    return new Condition(field, tagKey, op, List.copyOf(values));
  }

  private String identifier() {
    int start = pos;
    if (peek() == '`' || peek() == '"') {
      string();
      return input.substring(start, pos);
    }
    while (pos < input.length()) {
      char ch = input.charAt(pos);
      if (Character.isLetterOrDigit(ch) || ch == '_' || ch == '.' || ch == '-') {
        pos++;
      } else if ((ch == '`' || ch == '"') && pos > start && input.charAt(pos - 1) == '.') {
        string();
      } else {
        break;
      }
    }
    if (pos == start) throw error("expected an attribute name");
    return input.substring(start, pos);
  }

  private static String unquoteIdentifier(String s) {
    if (s.length() >= 2 && (s.charAt(0) == '`' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  private String operator() {
    char ch = peek();
    if (Character.isLetter(ch)) {
      String w = word().toUpperCase(Locale.ROOT);
      if (!Set.of("LIKE", "ILIKE", "IN").contains(w)) throw error("invalid comparator '" + w + "'");
      return w;
    }
    int start = pos;
    while (pos < input.length() && "=!<>".indexOf(input.charAt(pos)) >= 0) pos++;
    String op = input.substring(start, pos);
    if (op.equals("==")) op = "=";
    if (!NUMBER_OPS.contains(op)) throw error("invalid comparator '" + op + "'");
    return op;
  }

  private String word() {
    int start = pos;
    while (pos < input.length() && Character.isLetter(input.charAt(pos))) pos++;
    if (start == pos) throw error("unexpected character '" + peek() + "'");
    return input.substring(start, pos);
  }

  private String string() {
    char quote = peek();
    if (quote != '\'' && quote != '"' && quote != '`') throw error("expected a quoted string");
    pos++;
    StringBuilder b = new StringBuilder();
    while (pos < input.length()) {
      char ch = input.charAt(pos++);
      if (ch == quote) {
        if (pos < input.length() && input.charAt(pos) == quote) { // doubled quote
          b.append(quote);
          pos++;
          continue;
        }
        return b.toString();
      }
      if (ch == '\\' && pos < input.length()) ch = input.charAt(pos++);
      b.append(ch);
    }
    throw error("unterminated string");
  }

  private String number() {
    if (peek() == '\'' || peek() == '"') {
      String s = string();
      if (!s.matches("\\d{1,18}")) throw error("version_number must be a whole number, got '" + s + "'");
      return s;
    }
    int start = pos;
    while (pos < input.length() && Character.isDigit(input.charAt(pos))) pos++;
    if (start == pos || pos - start > 18) throw error("expected a whole number");
    return input.substring(start, pos);
  }

  private void expect(char ch) {
    skipSpace();
    if (peek() != ch) throw error("expected '" + ch + "'");
    pos++;
  }

  private char peek() {
    return pos < input.length() ? input.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) pos++;
  }

  private VigilException error(String why) {
    return VigilException.invalid("Invalid filter '" + input + "' at position " + pos + ": " + why + ".");
  }
}
