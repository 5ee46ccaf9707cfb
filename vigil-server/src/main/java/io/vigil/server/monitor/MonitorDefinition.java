package io.vigil.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.drift.DriftConfig;
import io.vigil.metrics.evaluation.EvaluationTask;
import io.vigil.model.VigilException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated monitor: task, tumbling window width, metrics, positive label, features with their
 * kinds, drift thresholds, alert rules and the webhook. Parsed from JSON (the PUT body, or a YAML
 * file converted to the same tree) with errors that name the field; {@link #toJson()} gives the
 * normalised form that is stored and returned.
 */
public record MonitorDefinition(
    EvaluationTask task,
    long windowMs,
    String window,
    List<String> metrics,
    String positiveLabel,
    Map<String, FeatureKind> features,
    DriftConfig drift,
    List<AlertRule> alerts,
    Webhook webhook) {

  public enum FeatureKind { NUMERIC, CATEGORICAL }

  /** Where notifications go; {@code secret} signs them (HMAC-SHA256), {@code slack} shapes the body for Slack. */
  public record Webhook(String url, String secret, boolean slack) {}

  public static final List<String> BINARY_METRICS = List.of("accuracy", "balanced_accuracy", "precision", "recall",
      "f1", "f1_macro", "f1_weighted", "matthews_corrcoef", "cohen_kappa", "true_positives", "false_positives",
      "false_negatives", "true_negatives");
  public static final List<String> MULTICLASS_METRICS = List.of("accuracy", "balanced_accuracy", "precision_macro",
      "recall_macro", "f1_macro", "precision_weighted", "recall_weighted", "f1_weighted", "precision_micro",
      "recall_micro", "f1_micro", "matthews_corrcoef", "cohen_kappa", "hamming_loss");
  public static final List<String> REGRESSION_METRICS = List.of("mse", "rmse", "mae", "mape", "max_error", "r2",
      "explained_variance");
  /** Series every monitor has besides its metrics. */
  public static final List<String> VOLUME_SERIES = List.of("prediction_count", "labelled_count", "label_coverage");
  /** Score distribution series of binary monitors (windows whose predictions carry scores). */
  public static final List<String> SCORE_SERIES = java.util.stream.Stream.concat(java.util.stream.Stream.of("score_count", "score_mean"),
      java.util.stream.IntStream.range(0, 10).mapToObj(i -> "score_hist." + i)).toList();

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,255}");

  public static List<String> metricsOf(EvaluationTask task) {
    return switch (task) {
      case BINARY -> BINARY_METRICS;
      case MULTICLASS -> MULTICLASS_METRICS;
      case REGRESSION -> REGRESSION_METRICS;
    };
  }

  public static void checkModelName(String model) {
    if (model == null || !MODEL_NAME.matcher(model).matches()) {
      throw VigilException.invalid("Invalid model name '" + model
          + "': use 1-256 letters, digits, '.', '_' or '-', starting with a letter or digit.");
    }
  }

  /** Milliseconds of a duration such as {@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}. */
  public static long parseDuration(String field, String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw VigilException.invalid("Invalid value '" + text + "' for parameter '" + field
          + "': expected a duration such as 30s, 15m, 1h or 1d.");
    }
    long n = Long.parseLong(m.group(1));
    long unit = switch (m.group(2)) {
      case "ms" -> 1L;
      case "s" -> 1000L;
      case "m" -> 60_000L;
      case "h" -> 3_600_000L;
      default -> 86_400_000L;
    };
    if (n <= 0 || n > Long.MAX_VALUE / unit / 4) throw VigilException.invalid("Parameter '" + field + "' must be positive.");
    return n * unit;
  }

  public static MonitorDefinition parse(JsonNode body) {
    if (body == null || !body.isObject()) throw VigilException.invalid("A monitor definition must be a JSON object.");
    Fields f = new Fields(body, "");
    String taskText = f.requiredText("task");
    EvaluationTask task;
    try {
      task = EvaluationTask.parse(taskText);
    } catch (RuntimeException e) {
      throw VigilException.invalid("Invalid value '" + taskText + "' for parameter 'task': expected binary, multiclass or regression.");
    }
    String window = f.optionalText("window");
    if (window == null) window = "1h";
    long windowMs = parseDuration("window", window);
    List<String> supported = metricsOf(task);
    List<String> metrics = new ArrayList<>();
    JsonNode ms = body.get("metrics");
    if (ms == null || ms.isNull()) {
      metrics.addAll(supported);
    } else {
      if (!ms.isArray()) throw VigilException.invalid("Parameter 'metrics' must be a list of metric names.");
      for (int i = 0; i < ms.size(); i++) {
        JsonNode m = ms.get(i);
        if (!m.isTextual() || !supported.contains(m.textValue())) {
          throw VigilException.invalid("Invalid value " + m + " for parameter 'metrics[" + i + "]': a " + task.name().toLowerCase(Locale.ROOT)
              + " monitor computes " + String.join(", ", supported) + ".");
        }
        if (!metrics.contains(m.textValue())) metrics.add(m.textValue());
      }
    }
    String positive = f.optionalScalar("positive_label");
    if (task == EvaluationTask.BINARY && positive == null) {
      throw VigilException.invalid("Missing value for required parameter 'positive_label' (a binary monitor needs it).");
    }
    Map<String, FeatureKind> features = new LinkedHashMap<>();
    JsonNode fs = body.get("features");
    if (fs != null && !fs.isNull()) {
      if (!fs.isObject()) throw VigilException.invalid("Parameter 'features' must be an object of name: \"numeric\"|\"categorical\".");
      fs.fields().forEachRemaining(e -> {
        String kind = e.getValue().isTextual() ? e.getValue().textValue().toLowerCase(Locale.ROOT) : "";
        if (!kind.equals("numeric") && !kind.equals("categorical")) {
          throw VigilException.invalid("Invalid value " + e.getValue() + " for parameter 'features." + e.getKey()
              + "': expected \"numeric\" or \"categorical\".");
        }
        features.put(e.getKey(), FeatureKind.valueOf(kind.toUpperCase(Locale.ROOT)));
      });
    }
    DriftConfig drift = DriftConfig.DEFAULTS;
    JsonNode d = body.get("drift");
    if (d != null && !d.isNull()) {
      if (!d.isObject()) throw VigilException.invalid("Parameter 'drift' must be an object.");
      Fields df = new Fields(d, "drift.");
      DriftConfig x = DriftConfig.DEFAULTS;
      try {
        drift = new DriftConfig(
            (long) df.optionalNumber("small_reference_max", x.smallReferenceMax()),
            df.optionalNumber("p_value", x.pValueThreshold()),
            df.optionalNumber("jensen_shannon", x.jensenShannonThreshold()),
            df.optionalNumber("wasserstein", x.wassersteinThreshold()),
            df.optionalNumber("psi", x.psiThreshold()),
            df.optionalNumber("share", x.datasetDriftShare()));
      } catch (IllegalArgumentException e) {
        throw VigilException.invalid("Invalid drift thresholds: p_value must be in (0, 1), share in (0, 1], distances >= 0.");
      }
    }
    List<AlertRule> alerts = new ArrayList<>();
    JsonNode as = body.get("alerts");
    if (as != null && !as.isNull()) {
      if (!as.isArray()) throw VigilException.invalid("Parameter 'alerts' must be a list of rules.");
      for (int i = 0; i < as.size(); i++) {
        AlertRule r = AlertRule.parse(as.get(i), "alerts[" + i + "].", task);
        for (AlertRule other : alerts) {
          if (other.name().equals(r.name())) throw VigilException.invalid("Duplicate alert name '" + r.name() + "' in 'alerts'.");
        }
        alerts.add(r);
      }
    }
    Webhook webhook = null;
    JsonNode n = body.get("notifications");
    if (n != null && !n.isNull()) {
      Fields nf = new Fields(n, "notifications.");
      String url = nf.requiredText("webhook");
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw VigilException.invalid("Parameter 'notifications.webhook' must be an http:// or https:// URL.");
      }
      String format = nf.optionalText("format");
      if (format != null && !format.equals("json") && !format.equals("slack")) {
        throw VigilException.invalid("Parameter 'notifications.format' must be \"json\" or \"slack\".");
      }
      webhook = new Webhook(url, nf.optionalText("secret"), "slack".equals(format));
    }
    return new MonitorDefinition(task, windowMs, window, List.copyOf(metrics), positive, features, drift,
        List.copyOf(alerts), webhook);
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("task", task.name().toLowerCase(Locale.ROOT));
    o.put("window", window);
    o.put("window_ms", windowMs);
    var ms = o.putArray("metrics");
    metrics.forEach(ms::add);
    if (positiveLabel != null) o.put("positive_label", positiveLabel);
    if (!features.isEmpty()) {
      ObjectNode fs = o.putObject("features");
      features.forEach((k, v) -> fs.put(k, v.name().toLowerCase(Locale.ROOT)));
    }
    ObjectNode d = o.putObject("drift");
    d.put("small_reference_max", drift.smallReferenceMax());
    d.put("p_value", drift.pValueThreshold());
    d.put("jensen_shannon", drift.jensenShannonThreshold());
    d.put("wasserstein", drift.wassersteinThreshold());
    d.put("psi", drift.psiThreshold());
    d.put("share", drift.datasetDriftShare());
    var as = o.putArray("alerts");
    alerts.forEach(a -> as.add(a.toJson()));
    if (webhook != null) {
      ObjectNode n = o.putObject("notifications");
      n.put("webhook", webhook.url());
      if (webhook.secret() != null) n.put("secret", webhook.secret());
      n.put("format", webhook.slack() ? "slack" : "json");
    }
    return o;
  }

  /** Every series name this monitor writes (metrics, volume, and drift when features are declared). */
  public List<String> seriesNames() {
    List<String> out = new ArrayList<>(metrics);
    out.addAll(VOLUME_SERIES);
    if (task == EvaluationTask.BINARY) out.addAll(SCORE_SERIES);
    if (!features.isEmpty()) {
      out.add("drift_share");
      features.keySet().forEach(f -> out.add("drift." + f));
    }
    return out;
  }

  /** Strict typed access to one JSON object's fields, errors naming {@code prefix + field}. */
  static final class Fields {
    private final JsonNode node;
    private final String prefix;

    Fields(JsonNode node, String prefix) {
      if (node == null || !node.isObject()) {
        throw VigilException.invalid("Parameter '" + (prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1))
            + "' must be an object.");
      }
      this.node = node;
      this.prefix = prefix;
    }

    JsonNode get(String f) {
      JsonNode v = node.get(f);
      return v == null || v.isNull() ? null : v;
    }

    String requiredText(String f) {
      String s = optionalText(f);
      if (s == null || s.isBlank()) throw VigilException.invalid("Missing value for required parameter '" + prefix + f + "'.");
      return s;
    }

    String optionalText(String f) {
      JsonNode v = get(f);
      if (v == null) return null;
      if (!v.isTextual()) throw VigilException.invalid("Invalid value " + v + " for parameter '" + prefix + f + "': expected a string.");
      return v.textValue();
    }

    String optionalScalar(String f) {
      JsonNode v = get(f);
      if (v == null) return null;
      if (v.isTextual()) return v.textValue();
      if (v.isIntegralNumber()) return v.bigIntegerValue().toString();
      if (v.isBoolean()) return v.asText();
      if (v.isNumber()) return v.decimalValue().stripTrailingZeros().toPlainString();
      throw VigilException.invalid("Invalid value " + v + " for parameter '" + prefix + f + "': expected a string or a number.");
    }

    double optionalNumber(String f, double dflt) {
      JsonNode v = get(f);
      if (v == null) return dflt;
      if (!v.isNumber()) throw VigilException.invalid("Invalid value " + v + " for parameter '" + prefix + f + "': expected a number.");
      return v.doubleValue();
    }

    Integer optionalInt(String f) {
      JsonNode v = get(f);
      if (v == null) return null;
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw VigilException.invalid("Invalid value " + v + " for parameter '" + prefix + f + "': expected an integer.");
      }
      return v.intValue();
    }
  }
}
