package io.vigil.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.metrics.probabilistic.BinaryProbabilisticMetrics;
import io.vigil.metrics.probabilistic.BinaryScores;
import io.vigil.metrics.probabilistic.MulticlassProbabilisticMetrics;
import io.vigil.metrics.probabilistic.MulticlassScores;
import io.vigil.metrics.probabilistic.PrecisionRecallCurve;
import io.vigil.metrics.probabilistic.RocCurve;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Golden evaluator for probabilistic.json: binary and multiclass score-based metrics. */
final class ProbabilisticGolden implements GoldenEvaluator {
  @Override
  public Object compute(String kind, JsonNode inputs, JsonNode params, String key) {
    switch (kind) {
      case "binary":
        return binary(inputs, params, key);
      case "multiclass":
        return multiclass(inputs, params, key);
      default:
        throw new IllegalArgumentException("unknown kind " + kind);
    }
  }

  private static Object binary(JsonNode inputs, JsonNode params, String key) {
    Object posLabel = params.has("pos_label") ? label(params.get("pos_label")) : Long.valueOf(1);
    BinaryScores s = BinaryScores.of(labels(inputs.get("y_true")), doubles(inputs.get("y_score")), posLabel);
    if (key == null) {
      // Whole case expected to be rejected: the main metric must throw.
      return BinaryProbabilisticMetrics.rocAuc(s);
    }
    switch (key) {
      case "roc_auc":
        return BinaryProbabilisticMetrics.rocAuc(s);
      case "average_precision":
        return BinaryProbabilisticMetrics.averagePrecision(s);
      case "log_loss":
        return BinaryProbabilisticMetrics.logLoss(s);
      case "brier_score_loss":
        return BinaryProbabilisticMetrics.brierScore(s);
      case "roc_curve":
        return roc(BinaryProbabilisticMetrics.rocCurve(s, true));
      case "roc_curve_full":
        return roc(BinaryProbabilisticMetrics.rocCurve(s, false));
      case "precision_recall_curve":
        PrecisionRecallCurve c = BinaryProbabilisticMetrics.precisionRecallCurve(s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", c.precision());
        m.put("recall", c.recall());
        m.put("thresholds", c.thresholds());
        return m;
      default:
        throw new IllegalArgumentException("unknown binary key " + key);
    }
  }

  private static Map<String, Object> roc(RocCurve c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fpr", c.fpr());
    m.put("tpr", c.tpr());
    m.put("thresholds", c.thresholds());
    return m;
  }

  private static Object multiclass(JsonNode inputs, JsonNode params, String key) {
    JsonNode rowsNode = inputs.get("y_score");
    double[][] rows = new double[rowsNode.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = doubles(rowsNode.get(i));
    }
    MulticlassScores<Object> s =
        MulticlassScores.of(labels(inputs.get("y_true")), rows, labels(params.get("labels")));
    if (key == null) {
      MulticlassProbabilisticMetrics.rocAucOvrMacro(s);
      MulticlassProbabilisticMetrics.rocAucOvoMacro(s);
      return MulticlassProbabilisticMetrics.logLoss(s);
    }
    switch (key) {
      case "roc_auc_ovr_macro":
        return MulticlassProbabilisticMetrics.rocAucOvrMacro(s);
      case "roc_auc_ovr_weighted":
        return MulticlassProbabilisticMetrics.rocAucOvrWeighted(s);
      case "roc_auc_ovr_per_class":
        return MulticlassProbabilisticMetrics.rocAucOvrPerClass(s);
      case "roc_auc_ovo_macro":
        return MulticlassProbabilisticMetrics.rocAucOvoMacro(s);
      case "log_loss":
        return MulticlassProbabilisticMetrics.logLoss(s);
      default:
        throw new IllegalArgumentException("unknown multiclass key " + key);
    }
  }

  /** Integral numbers as Long, strings as String ("NaN" etc. as the double, which is rejected). */
  private static Object label(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isIntegralNumber()) {
      return n.longValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    String t = n.asText();
    switch (t) {
      case "NaN":
        return Double.NaN;
      default:
        return t;
    }
  }

  private static List<Object> labels(JsonNode arr) {
    List<Object> out = new ArrayList<>(arr.size());
    for (JsonNode n : arr) {
      out.add(label(n));
    }
    return out;
  }

  private static double[] doubles(JsonNode arr) {
    if (arr == null || !arr.isArray()) {
      throw new IllegalArgumentException("expected an array of numbers, got " + arr);
    }
    double[] out = new double[arr.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode n = arr.get(i);
      if (n.isNumber()) {
        out[i] = n.doubleValue();
      } else if (n.isTextual()) {
        out[i] = Double.parseDouble(n.asText()); // "NaN", "Infinity", "-Infinity"
      } else {
        throw new IllegalArgumentException("not a number: " + n);
      }
    }
    return out;
  }
}
