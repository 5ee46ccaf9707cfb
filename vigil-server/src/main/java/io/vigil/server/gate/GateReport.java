package io.vigil.server.gate;

import java.util.List;
import java.util.Locale;

/**
 * The verdicts of one gate run, and its JUnit XML and Markdown renderings.
 *
 * @param candidateLabel e.g. {@code churn v3 (run 1a2b…)}
 * @param baselineLabel e.g. {@code churn@champion = v2 (run 9f8e…)}, or null when no rule used a baseline
 */
public record GateReport(String model, String candidateLabel, String baselineLabel, List<Verdict> verdicts) {

  /**
   * One rule's outcome.
   *
   * @param baseline the baseline's value, or null when the rule does not use it
   */
  public record Verdict(GateRule rule, double candidate, Double baseline, double threshold, boolean passed) {}

  public boolean passed() {
    return verdicts.stream().allMatch(Verdict::passed);
  }

  public long failures() {
    return verdicts.stream().filter(v -> !v.passed()).count();
  }

  /** JUnit XML: one test suite, one test case per rule, a failure element for each failing rule. */
  public String junitXml() {
    String suite = "vigil gate" + (model == null ? "" : " " + model);
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<testsuites name=\"").append(xml(suite)).append("\" tests=\"").append(verdicts.size())
        .append("\" failures=\"").append(failures()).append("\" errors=\"0\">\n");
    b.append("  <testsuite name=\"").append(xml(suite)).append("\" tests=\"").append(verdicts.size())
        .append("\" failures=\"").append(failures()).append("\" errors=\"0\" skipped=\"0\" time=\"0\">\n");
    b.append("    <properties>\n");
    b.append("      <property name=\"candidate\" value=\"").append(xml(candidateLabel)).append("\"/>\n");
    if (baselineLabel != null) b.append("      <property name=\"baseline\" value=\"").append(xml(baselineLabel)).append("\"/>\n");
    b.append("    </properties>\n");
    for (Verdict v : verdicts) {
      b.append("    <testcase classname=\"").append(xml("vigil.gate" + (model == null ? "" : "." + model)))
          .append("\" name=\"").append(xml(v.rule().text())).append("\" time=\"0\"");
      if (v.passed()) {
        b.append("/>\n");
      } else {
        String message = describe(v);
        b.append(">\n      <failure message=\"").append(xml(message)).append("\" type=\"GateRuleFailed\">")
            .append(xml(message)).append("</failure>\n    </testcase>\n");
      }
    }
    b.append("  </testsuite>\n</testsuites>\n");
    return b.toString();
  }

  /** A Markdown summary for a pull-request comment. */
  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("### Vigil gate: ").append(passed() ? "✅ passed" : "❌ failed").append('\n').append('\n');
    b.append("Candidate: ").append(md(candidateLabel)).append("  \n");
    b.append("Baseline: ").append(baselineLabel == null ? "(none)" : md(baselineLabel)).append('\n').append('\n');
    b.append("| Metric | Candidate | Baseline | Rule | Threshold | Verdict |\n");
    b.append("|---|---:|---:|---|---:|---|\n");
    for (Verdict v : verdicts) {
      b.append("| ").append(md(v.rule().metric())).append(" | ").append(num(v.candidate())).append(" | ")
          .append(v.baseline() == null ? "–" : num(v.baseline())).append(" | `").append(v.rule().text().replace("`", "'"))
          .append("` | ").append(num(v.threshold())).append(" | ").append(v.passed() ? "✅ pass" : "❌ fail").append(" |\n");
    }
    b.append('\n').append(verdicts.size() - failures()).append(" of ").append(verdicts.size()).append(" rules passed.\n");
    return b.toString();
  }

  /** One line explaining a verdict. */
  public static String describe(Verdict v) {
    return v.rule().metric() + " = " + num(v.candidate()) + ", expected " + v.rule().op() + " " + num(v.threshold())
        + (v.baseline() == null ? "" : " (baseline " + num(v.baseline()) + ")");
  }

  /** Numbers as written by the table: up to 6 significant digits. */
  public static String num(double v) {
    if (Double.isNaN(v)) return "NaN";
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    String s = String.format(Locale.ROOT, "%.6g", v);
    if (s.contains("e")) return s;
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  private static String xml(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') b.append(' ');
          else b.append(c);
        }
      }
    }
    return b.toString();
  }

  private static String md(String s) {
    return s == null ? "" : s.replace("|", "\\|");
  }
}
