package io.vigil.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.metrics.evaluation.EvaluationTask;
import io.vigil.model.VigilException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An alert rule on a monitored series, evaluated once per closed window.
 *
 * <ul>
 *   <li>{@code threshold}: the window's {@code metric} (for {@code model_version}, '' = all versions)
 *       is {@code above} or {@code below} {@code threshold}; with {@code baseline} (a number, or
 *       {@code "trailing"} = mean of the previous {@code baseline_windows} windows) the threshold is a
 *       relative change: below means {@code value < baseline·(1 − threshold)}. Drift share is the
 *       series {@code drift_share}.
 *   <li>{@code no_data}: the window has no predictions.
 * </ul>
 * The rule fires after {@code for} consecutive breaching windows (pending before) and resolves at
 * the first window that does not breach. A window without a value (no labels yet) leaves the state
 * unchanged.
 */
public record AlertRule(String name, Type type, String metric, String modelVersion, boolean above, double threshold,
    Double baseline, boolean trailingBaseline, int baselineWindows, int forWindows, RunBaseline baselineRun) {

  public enum Type { THRESHOLD, NO_DATA }

  /**
   * A baseline taken from a tracked run (typically the training or validation run the model came
   * from): the run's latest value of {@code metric}, resolved once when the monitor is defined, so
   * the rule keeps its meaning even if the run changes later.
   */
  public record RunBaseline(String runId, String metric, double value) {}

  public AlertRule(String name, Type type, String metric, String modelVersion, boolean above, double threshold,
      Double baseline, boolean trailingBaseline, int baselineWindows, int forWindows) {
    this(name, type, metric, modelVersion, above, threshold, baseline, trailingBaseline, baselineWindows, forWindows, null);
  }

  /**
   * A definition's {@code baseline: {run_id, metric}} objects that still need their value: what the
   * server looks up (with the caller's permission on the run) before it parses the definition.
   */
  public static List<ObjectNode> unresolvedRunBaselines(JsonNode definition) {
    List<ObjectNode> out = new java.util.ArrayList<>();
    JsonNode alerts = definition == null ? null : definition.get("alerts");
    if (alerts == null || !alerts.isArray()) return out;
    for (JsonNode a : alerts) {
      JsonNode b = a.get("baseline");
      if (b instanceof ObjectNode o && !o.has("value")) {
        if (!o.hasNonNull("metric") && a.hasNonNull("metric")) o.set("metric", a.get("metric"));
        out.add(o);
      }
    }
    return out;
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}");

  static AlertRule parse(JsonNode node, String prefix, EvaluationTask task) {
    MonitorDefinition.Fields f = new MonitorDefinition.Fields(node, prefix);
    String name = f.requiredText("name");
    if (!NAME.matcher(name).matches()) {
      throw VigilException.invalid("Invalid value '" + name + "' for parameter '" + prefix + "name': use letters, digits, '.', '_', '-'.");
    }
    String typeText = f.optionalText("type");
    Type type = typeText == null || typeText.equals("threshold") ? Type.THRESHOLD
        : typeText.equals("no_data") ? Type.NO_DATA : null;
    if (type == null) {
      throw VigilException.invalid("Invalid value '" + typeText + "' for parameter '" + prefix + "type': expected threshold or no_data.");
    }
    Integer forN = f.optionalInt("for");
    int forWindows = forN == null ? 1 : forN;
    if (forWindows < 1 || forWindows > 10_000) throw VigilException.invalid("Parameter '" + prefix + "for' must be between 1 and 10000.");
    if (type == Type.NO_DATA) return new AlertRule(name, type, "prediction_count", "", true, 0, null, false, 0, forWindows);

    String metric = f.requiredText("metric");
    if (!MonitorDefinition.isSeries(task, metric)) throw VigilException.invalid("Invalid value '" + metric + "' for parameter '" + prefix + "metric': not a monitored series.");
    String version = f.optionalText("model_version");
    String op = f.requiredText("op");
    if (!op.equals("above") && !op.equals("below")) {
      throw VigilException.invalid("Invalid value '" + op + "' for parameter '" + prefix + "op': expected above or below.");
    }
    JsonNode t = f.get("threshold");
    if (t == null || !t.isNumber()) throw VigilException.invalid("Missing or non-numeric parameter '" + prefix + "threshold'.");
    JsonNode b = f.get("baseline");
    Double baseline = null;
    boolean trailing = false;
    RunBaseline run = null;
    if (b != null) {
      if (b.isNumber()) baseline = b.doubleValue();
      else if (b.isTextual() && b.textValue().equals("trailing")) trailing = true;
      else if (b.isObject()) {
        run = runBaseline(b, prefix + "baseline.");
        baseline = run.value();
      } else {
        throw VigilException.invalid("Invalid value " + b + " for parameter '" + prefix
            + "baseline': expected a number, \"trailing\" or {\"run_id\": …, \"metric\": …}.");
      }
    }
    Integer bw = f.optionalInt("baseline_windows");
    int baselineWindows = bw == null ? 3 : bw;
    if (baselineWindows < 1 || baselineWindows > 1000) {
      throw VigilException.invalid("Parameter '" + prefix + "baseline_windows' must be between 1 and 1000.");
    }
    return new AlertRule(name, type, metric, version == null ? "" : version, op.equals("above"), t.doubleValue(),
        baseline, trailing, baselineWindows, forWindows, run);
  }

  private static RunBaseline runBaseline(JsonNode b, String prefix) {
    MonitorDefinition.Fields f = new MonitorDefinition.Fields(b, prefix);
    String runId = f.requiredText("run_id");
    String metric = f.requiredText("metric");
    JsonNode v = f.get("value");
    if (v == null) throw VigilException.invalid("Parameter '" + prefix + "value' is missing: the run's metric was not resolved.");
    if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
      throw VigilException.invalid("Invalid value " + v + " for parameter '" + prefix + "value': expected a finite number.");
    }
    return new RunBaseline(runId, metric, v.doubleValue());
  }

  boolean relative() {
    return baseline != null || trailingBaseline;
  }

  /** Whether {@code value} breaches, given the baseline (ignored for absolute rules); NaN never breaches. */
  boolean breaches(double value, double base) {
    if (Double.isNaN(value)) return false;
    double limit = !relative() ? threshold : above ? base * (1 + threshold) : base * (1 - threshold);
    return above ? value > limit : value < limit;
  }

  /** The rule as written in a monitor definition. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("name", name);
    o.put("type", type == Type.NO_DATA ? "no_data" : "threshold");
    if (type == Type.THRESHOLD) {
      o.put("metric", metric);
      o.put("model_version", modelVersion);
      o.put("op", above ? "above" : "below");
      o.put("threshold", threshold);
      if (baselineRun != null) {
        ObjectNode b = o.putObject("baseline");
        b.put("run_id", baselineRun.runId());
        b.put("metric", baselineRun.metric());
        b.put("value", baselineRun.value());
      } else if (baseline != null) {
        o.put("baseline", baseline);
      }
      if (trailingBaseline) o.put("baseline", "trailing");
      if (relative()) o.put("baseline_windows", baselineWindows);
    }
    o.put("for", forWindows);
    return o;
  }

  static final List<String> STATES = List.of("inactive", "pending", "firing");
}
