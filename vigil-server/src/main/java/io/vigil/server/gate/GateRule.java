package io.vigil.server.gate;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * One gate rule, {@code METRIC OP EXPR}: OP is one of {@code >= > <= < == !=}; EXPR is a number,
 * {@code baseline}, {@code baseline + N}, {@code baseline - N} or {@code baseline * N}. The metric is
 * the candidate's latest value; {@code baseline} is the baseline's latest value of the same metric.
 *
 * @param text the rule as written
 * @param usesBaseline whether EXPR refers to the baseline
 * @param arithmetic {@code +}, {@code -}, {@code *}, or null for a bare number or bare {@code baseline}
 * @param number the number of EXPR (the threshold itself when it does not use the baseline)
 */
public record GateRule(String text, String metric, String op, boolean usesBaseline, String arithmetic, double number) {
  private static final List<String> OPS = List.of(">=", "<=", "==", "!=", ">", "<");

  /** Parses a rule; IllegalArgumentException with a one-line message naming the rule when it is malformed. */
  public static GateRule parse(String text) {
    String t = text == null ? "" : text.trim();
    int at = -1;
    String op = null;
    for (int i = 0; i < t.length() && op == null; i++) {
      for (String candidate : OPS) {
        if (t.startsWith(candidate, i)) {
          at = i;
          op = candidate;
          break;
        }
      }
      if (op == null && (t.charAt(i) == '=' || t.charAt(i) == '!')) {
        throw bad(text, "'" + t.charAt(i) + "' is not an operator; use one of >= > <= < == !=");
      }
    }
    if (op == null) throw bad(text, "expected METRIC OP EXPR with OP one of >= > <= < == !=");
    String metric = t.substring(0, at).trim();
    if (metric.isEmpty()) throw bad(text, "no metric before '" + op + "'");
    String expr = t.substring(at + op.length()).trim();
    if (expr.isEmpty()) throw bad(text, "nothing after '" + op + "'");
    String lower = expr.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("baseline")) {
      return new GateRule(t, metric, op, false, null, number(text, expr));
    }
    String rest = expr.substring("baseline".length()).trim();
    if (rest.isEmpty()) return new GateRule(t, metric, op, true, null, 0);
    char arith = rest.charAt(0);
    if (arith == '±') throw bad(text, "write 'baseline + N' or 'baseline - N', not ±");
    if (arith != '+' && arith != '-' && arith != '*') {
      throw bad(text, "after 'baseline' expected + N, - N or * N, got '" + rest + "'");
    }
    return new GateRule(t, metric, op, true, String.valueOf(arith), number(text, rest.substring(1).trim()));
  }

  private static double number(String rule, String s) {
    try {
      double v = new BigDecimal(s).doubleValue();
      if (!Double.isFinite(v)) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw bad(rule, "'" + s + "' is not a number");
    }
  }

  private static IllegalArgumentException bad(String rule, String why) {
    return new IllegalArgumentException("invalid rule '" + rule + "': " + why);
  }

  /** The value the candidate is compared with, given the baseline's value (ignored when unused). */
  public double threshold(double baseline) {
    if (!usesBaseline) return number;
    if (arithmetic == null) return baseline;
    return switch (arithmetic) {
      case "+" -> baseline + number;
      case "-" -> baseline - number;
      default -> baseline * number;
    };
  }

  /** Whether the candidate's value passes; NaN never passes. */
  public boolean passes(double candidate, double threshold) {
    if (Double.isNaN(candidate) || Double.isNaN(threshold)) return false;
    return switch (op) {
      case ">=" -> candidate >= threshold;
      case ">" -> candidate > threshold;
      case "<=" -> candidate <= threshold;
      case "<" -> candidate < threshold;
      case "==" -> candidate == threshold;
      default -> candidate != threshold;
    };
  }
}
