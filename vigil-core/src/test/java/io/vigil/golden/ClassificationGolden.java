package io.vigil.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.metrics.classification.Average;
import io.vigil.metrics.classification.Classification;
import io.vigil.metrics.classification.ClassificationMetrics;
import io.vigil.metrics.classification.ConfusionMatrix;
import io.vigil.metrics.classification.PerClassScores;
import io.vigil.metrics.classification.Scores;
import io.vigil.metrics.classification.TopKAccuracy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Golden evaluator for classification.json. */
final class ClassificationGolden implements GoldenEvaluator {
  @Override
  public Object compute(String kind, JsonNode inputs, JsonNode params, String key) {
    List<Object> yTrue = GoldenJson.labels(inputs.path("y_true"));
    if (kind.equals("top_k")) {
      double[][] scores = GoldenJson.matrix(inputs.path("y_score"));
      List<Object> labels = GoldenJson.labels(params.path("labels"));
      Map<String, Object> out = new LinkedHashMap<>();
      for (JsonNode k : params.path("k")) {
        out.put(k.asText(), TopKAccuracy.compute(yTrue, scores, labels, k.intValue()));
      }
      return out;
    }
    List<Object> yPred = GoldenJson.labels(inputs.path("y_pred"));
    ConfusionMatrix<Object> cm = Classification.confusionMatrix(yTrue, yPred);
    if (key == null) {
      return io.vigil.metrics.classification.ClassificationReport.of(cm);
    }
    switch (key) {
      case "labels": return cm.labels();
      case "accuracy": return ClassificationMetrics.accuracy(cm);
      case "balanced_accuracy": return ClassificationMetrics.balancedAccuracy(cm);
      case "hamming_loss": return ClassificationMetrics.hammingLoss(cm);
      case "matthews_corrcoef": return ClassificationMetrics.matthewsCorrcoef(cm);
      case "cohen_kappa": return ClassificationMetrics.cohenKappa(cm);
      case "confusion_matrix": return cm.toArray();
      case "confusion_matrix_custom":
        return cm.reorder(GoldenJson.labels(params.path("cm_labels"))).toArray();
      case "support": return cm.support();
      case "precision": return averages(cm, params, 1.0, Scores::precision, 0);
      case "recall": return averages(cm, params, 1.0, Scores::recall, 1);
      case "f1": return averages(cm, params, 1.0, Scores::f, 2);
      case "f0.5": return averages(cm, params, 0.5, Scores::f, 2);
      case "f2": return averages(cm, params, 2.0, Scores::f, 2);
      default: throw new UnsupportedOperationException("unknown key " + key);
    }
  }

  private static Map<String, Object> averages(
      ConfusionMatrix<Object> cm, JsonNode params, double beta,
      java.util.function.ToDoubleFunction<Scores> pick, int which) {
    Map<String, Object> out = new LinkedHashMap<>();
    JsonNode pos = params.path("pos_label");
    if (!pos.isMissingNode() && !pos.isNull()) {
      out.put("binary", pick.applyAsDouble(ClassificationMetrics.binary(cm, GoldenJson.label(pos), beta)));
    }
    out.put("micro", pick.applyAsDouble(ClassificationMetrics.scores(cm, Average.MICRO, beta)));
    out.put("macro", pick.applyAsDouble(ClassificationMetrics.scores(cm, Average.MACRO, beta)));
    out.put("weighted", pick.applyAsDouble(ClassificationMetrics.scores(cm, Average.WEIGHTED, beta)));
    PerClassScores<Object> pc = ClassificationMetrics.perClass(cm, beta);
    out.put("per_class", which == 0 ? pc.precision() : which == 1 ? pc.recall() : pc.f());
    return out;
  }
}
