package io.vigil.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.drift.DriftConfig;
import io.vigil.drift.DriftTest;
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
    Map<String, FeatureDrift> featureDrift,
    DriftConfig drift,
    List<AlertRule> alerts,
    Webhook webhook,
    long labelHorizonMs,
    String labelHorizon) {

  /**
   * How far back outcomes can join predictions (and predictions still count) by default: what the
   * server keeps in memory and replays at start-up is bounded by it.
   */
  public static final String DEFAULT_LABEL_HORIZON = "30d";

  public enum FeatureKind { NUMERIC, CATEGORICAL }

  /**
   * A feature's chosen drift test; {@code threshold} null means the monitor's {@code drift.*}
   * threshold for that test. Features without one get the library's automatic choice.
   */
  public record FeatureDrift(DriftTest test, Double threshold) {}

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
  /**
   * Score distribution series of binary and multiclass monitors (windows whose predictions carry
   * scores; multiclass: the top-class score). Classification monitors also write
   * {@code prediction_share.<class>}.
   */
  public static final List<String> SCORE_SERIES = java.util.stream.Stream.concat(java.util.stream.Stream.of("score_count", "score_mean"),
      java.util.stream.IntStream.range(0, PredictionDistribution.SCORE_BINS).mapToObj(i -> "score_hist." + i)).toList();
  /** Prefix of the per-predicted-class share series of classification monitors. */
  public static final String PREDICTION_SHARE = "prediction_share.";
  /** Distribution series of the predicted values of regression monitors. */
  public static final List<String> PREDICTION_SERIES = List.of("prediction_mean", "prediction_std", "prediction_min",
      "prediction_max");

  /** Longest feature name: its series {@code drifted.<name>} must fit 256 characters. */
  static final int MAX_FEATURE_NAME = 256 - "drifted.".length();
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,255}");

  public static List<String> metricsOf(EvaluationTask task) {
    return switch (task) {
      case BINARY -> BINARY_METRICS;
      case MULTICLASS -> MULTICLASS_METRICS;
      case REGRESSION -> REGRESSION_METRICS;
    };
  }

  /** The prediction distribution series a task writes (besides {@code prediction_share.<class>}). */
  public static List<String> distributionSeriesOf(EvaluationTask task) {
    return task == EvaluationTask.REGRESSION ? PREDICTION_SERIES : SCORE_SERIES;
  }

  /** Whether {@code name} is a series a monitor of {@code task} can write (drift and per-class ones by prefix). */
  public static boolean isSeries(EvaluationTask task, String name) {
    return metricsOf(task).contains(name) || VOLUME_SERIES.contains(name) || distributionSeriesOf(task).contains(name)
        || task != EvaluationTask.REGRESSION && name.startsWith(PREDICTION_SHARE) && name.length() > PREDICTION_SHARE.length()
        || name.equals("drift_share") || name.startsWith("drift.") || name.startsWith("drifted.");
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
    Map<String, FeatureDrift> featureDrift = new LinkedHashMap<>();
    JsonNode fs = body.get("features");
    if (fs != null && !fs.isNull()) {
      if (!fs.isObject()) {
        throw VigilException.invalid("Parameter 'features' must be an object of name: \"numeric\"|\"categorical\" "
            + "or name: {\"type\": ..., \"drift\": {\"test\": ..., \"threshold\": ...}}.");
      }
      fs.fields().forEachRemaining(e -> {
        String field = "features." + e.getKey();
        // Series drift.<name> and drifted.<name> are stored under 256-character names.
        if (e.getKey().isEmpty() || e.getKey().length() > MAX_FEATURE_NAME) {
          throw VigilException.invalid("Invalid feature name in 'features': use 1-" + MAX_FEATURE_NAME + " characters.");
        }
        JsonNode v = e.getValue();
        FeatureKind kind = v.isObject() ? featureKind(new Fields(v, field + ".").get("type"), field + ".type")
            : featureKind(v, field);
        features.put(e.getKey(), kind);
        if (v.isObject()) {
          FeatureDrift fd = featureDrift(v, field, kind);
          if (fd != null) featureDrift.put(e.getKey(), fd);
        }
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
    String horizon = f.optionalText("label_horizon");
    if (horizon == null) horizon = DEFAULT_LABEL_HORIZON;
    long horizonMs = parseDuration("label_horizon", horizon);
    if (horizonMs < windowMs) {
      throw VigilException.invalid("Parameter 'label_horizon' (" + horizon + ") must be at least one window (" + window + ").");
    }
    return new MonitorDefinition(task, windowMs, window, List.copyOf(metrics), positive, features, featureDrift, drift,
        List.copyOf(alerts), webhook, horizonMs, horizon);
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("task", task.name().toLowerCase(Locale.ROOT));
    o.put("window", window);
    o.put("window_ms", windowMs);
    o.put("label_horizon", labelHorizon);
    o.put("label_horizon_ms", labelHorizonMs);
    var ms = o.putArray("metrics");
    metrics.forEach(ms::add);
    if (positiveLabel != null) o.put("positive_label", positiveLabel);
    if (!features.isEmpty()) {
      ObjectNode fs = o.putObject("features");
      features.forEach((k, v) -> {
        String kind = v.name().toLowerCase(Locale.ROOT);
        FeatureDrift fd = featureDrift.get(k);
        if (fd == null) {
          fs.put(k, kind);
          return;
        }
        ObjectNode f = fs.putObject(k);
        f.put("type", kind);
        ObjectNode d = f.putObject("drift");
        d.put("test", fd.test().wireName());
        if (fd.threshold() != null) d.put(fd.test().usesPValue() ? "p_value" : "threshold", fd.threshold());
      });
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

  private static FeatureKind featureKind(JsonNode v, String field) {
    String kind = v != null && v.isTextual() ? v.textValue().toLowerCase(Locale.ROOT) : "";
    if (!kind.equals("numeric") && !kind.equals("categorical")) {
      throw VigilException.invalid("Invalid value " + (v == null ? "null" : v.toString()) + " for parameter '" + field
          + "': expected \"numeric\" or \"categorical\".");
    }
    return FeatureKind.valueOf(kind.toUpperCase(Locale.ROOT));
  }

  /** A feature's {@code drift: {test, threshold | p_value}}, checked against its kind; null when absent. */
  private static FeatureDrift featureDrift(JsonNode feature, String field, FeatureKind kind) {
    Fields ff = new Fields(feature, field + ".");
    var names = feature.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!n.equals("type") && !n.equals("drift")) {
        throw VigilException.invalid("Unknown parameter '" + field + "." + n + "': a feature has 'type' and 'drift'.");
      }
    }
    JsonNode d = ff.get("drift");
    if (d == null) return null;
    String prefix = field + ".drift.";
    Fields df = new Fields(d, prefix);
    String name = df.requiredText("test");
    DriftTest test = DriftTest.fromName(name).orElseThrow(() -> VigilException.invalid("Invalid value '" + name
        + "' for parameter '" + prefix + "test': expected one of ks, chi_square, wasserstein, jensen_shannon, psi."));
    boolean applies = kind == FeatureKind.NUMERIC ? test.appliesToNumeric() : test.appliesToCategorical();
    if (!applies) {
      throw VigilException.invalid("Invalid value '" + name + "' for parameter '" + prefix + "test': a "
          + kind.name().toLowerCase(Locale.ROOT) + " feature takes "
          + (kind == FeatureKind.NUMERIC ? "ks, wasserstein, jensen_shannon or psi." : "chi_square, jensen_shannon or psi."));
    }
    var keys = d.fieldNames();
    while (keys.hasNext()) {
      String k = keys.next();
      if (!k.equals("test") && !k.equals("threshold") && !k.equals("p_value")) {
        throw VigilException.invalid("Unknown parameter '" + prefix + k + "': expected test and threshold (or p_value).");
      }
    }
    if (df.get("p_value") != null && !test.usesPValue()) {
      throw VigilException.invalid("Parameter '" + prefix + "p_value' does not apply to " + test.wireName()
          + " (a distance): use '" + prefix + "threshold'.");
    }
    if (df.get("p_value") != null && df.get("threshold") != null) {
      throw VigilException.invalid("Give either '" + prefix + "p_value' or '" + prefix + "threshold', not both.");
    }
    String key = df.get("p_value") != null ? "p_value" : "threshold";
    Double threshold = null;
    if (df.get(key) != null) {
      threshold = df.optionalNumber(key, Double.NaN);
      if (!test.acceptsThreshold(threshold)) {
        throw VigilException.invalid("Invalid value " + threshold + " for parameter '" + prefix + key + "': "
            + (test.usesPValue() ? "a p-value in (0, 1)." : "a distance >= 0."));
      }
    }
    return new FeatureDrift(test, threshold);
  }

  /**
   * Every fixed series name this monitor writes (metrics, volume, distribution, and drift when
   * features are declared); {@code prediction_share.<class>} depends on the classes seen.
   */
  public List<String> seriesNames() {
    List<String> out = new ArrayList<>(metrics);
    out.addAll(VOLUME_SERIES);
    out.addAll(distributionSeriesOf(task));
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
