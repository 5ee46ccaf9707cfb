package io.vigil.server.gate;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * One gate rule, {@code METRIC OP EXPR}: OP is one of {@code >= > <= < == !=}; EXPR is a number, or a
 * reference value optionally with {@code + N}, {@code - N} or {@code * N}. The reference is
 * {@code baseline} (the baseline run's latest value of the same metric) or {@code monitor} /
 * {@code monitor:MODEL} (the production monitor's value of the same series over its latest closed
 * windows; bare {@code monitor} is the gated model's monitor). The metric is the candidate's latest value.
 *
 * @param text the rule as written
 * @param usesBaseline whether EXPR refers to the baseline run
 * @param arithmetic {@code +}, {@code -}, {@code *}, or null for a bare number or bare reference
 * @param number the number of EXPR (the threshold itself when it does not use a reference)
 * @param monitor when EXPR refers to a production monitor: its model name, "" for the gated model's; else null
 */
public record GateRule(String text, String metric, String op, boolean usesBaseline, String arithmetic, double number,
    String monitor) {
  private static final List<String> OPS = List.of(">=", "<=", "==", "!=", ">", "<");

  /** A rule comparing with the baseline run or a number (no monitor). */
  public GateRule(String text, String metric, String op, boolean usesBaseline, String arithmetic, double number) {
    this(text, metric, op, usesBaseline, arithmetic, number, null);
  }

  /** Whether EXPR refers to a production monitor's windows. */
  public boolean usesMonitor() {
    return monitor != null;
  }

  /** Whether EXPR refers to any reference value (baseline run or monitor). */
  public boolean usesReference() {
    return usesBaseline || monitor != null;
  }

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
    String monitor = null;
    String rest;
    if (lower.startsWith("baseline")) {
      rest = expr.substring("baseline".length()).trim();
    } else if (lower.startsWith("monitor")) {
      rest = expr.substring("monitor".length());
      monitor = "";
      if (rest.startsWith(":")) {
        // a model name runs to the next space (names may contain '-' and '.')
        int end = 1;
        while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) end++;
        monitor = rest.substring(1, end);
        if (monitor.isEmpty()) throw bad(text, "no model name after 'monitor:'");
        rest = rest.substring(end);
      }
      rest = rest.trim();
    } else {
      return new GateRule(t, metric, op, false, null, number(text, expr), null);
    }
    String ref = monitor == null ? "baseline" : "monitor";
    boolean usesBaseline = monitor == null;
    if (rest.isEmpty()) return new GateRule(t, metric, op, usesBaseline, null, 0, monitor);
    char arith = rest.charAt(0);
    if (arith == '±') throw bad(text, "write '" + ref + " + N' or '" + ref + " - N', not ±");
    if (arith != '+' && arith != '-' && arith != '*') {
      throw bad(text, "after '" + ref + "' expected + N, - N or * N, got '" + rest + "'");
    }
    return new GateRule(t, metric, op, usesBaseline, String.valueOf(arith), number(text, rest.substring(1).trim()), monitor);
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

  /** The value the candidate is compared with, given the reference's value (ignored when unused). */
  public double threshold(double baseline) {
    if (!usesReference()) return number;
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
