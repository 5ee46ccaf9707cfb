package io.vigil.server.monitor;

import io.vigil.metrics.Mergeable;
import io.vigil.metrics.classification.Average;
import io.vigil.metrics.classification.ClassificationMetrics;
import io.vigil.metrics.classification.ClassificationReport;
import io.vigil.metrics.classification.ConfusionMatrix;
import io.vigil.metrics.classification.LabelConfusionAccumulator;
import io.vigil.metrics.classification.Scores;
import io.vigil.metrics.evaluation.EvaluationTask;
import io.vigil.metrics.regression.RegressionAccumulator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state of one window for one model version: prediction volume, the predictions' distribution,
 * and the library's mergeable accumulator of the labelled pairs (confusion counts for
 * classification, moments for regression).
 * Versions' windows merge into the all-versions window; a late outcome adds to the window of its
 * prediction's timestamp.
 */
final class WindowAccumulator implements Mergeable<WindowAccumulator> {
  private final EvaluationTask task;
  private long predictions;
  private long labelled;
  private final LabelConfusionAccumulator<String> confusion;
  private final RegressionAccumulator regression;
  private final PredictionDistribution distribution;

  WindowAccumulator(EvaluationTask task) {
    this.task = task;
    this.confusion = task == EvaluationTask.REGRESSION ? null : new LabelConfusionAccumulator<>();
    this.regression = task == EvaluationTask.REGRESSION ? new RegressionAccumulator() : null;
    this.distribution = new PredictionDistribution(task);
  }

  /** Adds a classification prediction's score (see {@link PredictionDistribution#scoreOf}); NaN is ignored. */
  void addScore(double score) {
    distribution.addScore(score);
  }

  /** Counts a prediction and adds its class or value to the window's distribution. */
  void addPrediction(String prediction) {
    predictions++;
    distribution.addPrediction(prediction);
  }

  /** Adds one labelled pair; for regression both are parsed as numbers (unparseable pairs are skipped). */
  void addLabelled(String prediction, String outcome) {
    if (regression != null) {
      try {
        regression.add(Double.parseDouble(outcome), Double.parseDouble(prediction));
      } catch (RuntimeException e) {
        return;
      }
    } else {
      confusion.add(outcome, prediction);
    }
    labelled++;
  }

  @Override
  public void merge(WindowAccumulator other) {
    predictions += other.predictions;
    labelled += other.labelled;
    if (confusion != null && other.confusion.count() > 0) confusion.merge(other.confusion);
    if (regression != null && other.regression.count() > 0) regression.merge(other.regression);
    distribution.merge(other.distribution);
  }

  @Override
  public long count() {
    return predictions + labelled;
  }

  long predictions() {
    return predictions;
  }

  /** Volume series and the requested metrics (NaN when the window has no labels, or is undefined). */
  Map<String, Double> values(List<String> metrics, String positiveLabel) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("prediction_count", (double) predictions);
    out.put("labelled_count", (double) labelled);
    out.put("label_coverage", predictions == 0 ? Double.NaN : Math.min(1.0, (double) labelled / predictions));
    Map<String, Double> all = labelled == 0 ? Map.of() : metrics(positiveLabel);
    for (String m : metrics) out.put(m, all.getOrDefault(m, Double.NaN));
    distribution.values(out);
    return out;
  }

  private Map<String, Double> metrics(String positiveLabel) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (regression != null) {
      out.put("mse", regression.mse());
      out.put("rmse", regression.rmse());
      out.put("mae", regression.mae());
      out.put("mape", regression.mape());
      out.put("max_error", regression.maxError());
      out.put("r2", regression.r2());
      out.put("explained_variance", regression.explainedVariance());
      return out;
    }
    ConfusionMatrix<String> cm = confusion.result();
    ClassificationReport<String> report = ClassificationReport.of(cm);
    out.put("accuracy", report.accuracy());
    out.put("balanced_accuracy", report.balancedAccuracy());
    out.put("matthews_corrcoef", report.matthewsCorrcoef());
    out.put("cohen_kappa", report.cohenKappa());
    out.put("f1_macro", report.macro().f());
    out.put("f1_weighted", report.weighted().f());
    if (task == EvaluationTask.BINARY) {
      io.vigil.metrics.evaluation.Evaluation.putPositiveCounts(out, cm, positiveLabel);
      double tp = out.get("true_positives");
      double fp = out.get("false_positives");
      double fn = out.get("false_negatives");
      double precision = tp + fp == 0 ? 0.0 : tp / (tp + fp);
      double recall = tp + fn == 0 ? 0.0 : tp / (tp + fn);
      out.put("precision", precision);
      out.put("recall", recall);
      out.put("f1", precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall));
    } else {
      out.put("hamming_loss", report.hammingLoss());
      for (Average a : List.of(Average.MACRO, Average.WEIGHTED, Average.MICRO)) {
        Scores s = ClassificationMetrics.scores(cm, a, 1.0);
        String suffix = "_" + a.name().toLowerCase(Locale.ROOT);
        out.put("precision" + suffix, s.precision());
        out.put("recall" + suffix, s.recall());
        out.put("f1" + suffix, s.f());
      }
    }
    return out;
  }
}
