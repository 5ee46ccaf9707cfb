package io.vigil.metrics.evaluation;

import io.vigil.metrics.InvalidInputException;
import io.vigil.metrics.classification.Average;
import io.vigil.metrics.classification.Classification;
import io.vigil.metrics.classification.ClassificationMetrics;
import io.vigil.metrics.classification.ClassificationReport;
import io.vigil.metrics.classification.ConfusionMatrix;
import io.vigil.metrics.classification.Scores;
import io.vigil.metrics.probabilistic.BinaryProbabilisticMetrics;
import io.vigil.metrics.probabilistic.BinaryScores;
import io.vigil.metrics.probabilistic.MulticlassProbabilisticMetrics;
import io.vigil.metrics.probabilistic.MulticlassScores;
import io.vigil.metrics.regression.ExactRegressionMetrics;
import io.vigil.metrics.regression.RegressionMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The standard metric set of a task, under the names Vigil logs them (documented in README):
 * the one place that decides which metrics {@code vigil evaluate}, {@code POST /api/vigil/evaluate}
 * and monitoring compute. Values match scikit-learn 1.2.1.
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Puts {@code true_positives}, {@code false_positives}, {@code false_negatives} and
   * {@code true_negatives} of {@code positive} against every other label of {@code cm} into {@code out}.
   */
  public static <L> void putPositiveCounts(Map<String, Double> out, ConfusionMatrix<L> cm, L positive) {
    int p = cm.labels().indexOf(positive);
    long tp = 0, fp = 0, fn = 0, tn = 0;
    for (int t = 0; t < cm.labels().size(); t++) {
      for (int q = 0; q < cm.labels().size(); q++) {
        long c = cm.count(t, q);
        if (t == p && q == p) tp += c;
        else if (t == p) fn += c;
        else if (q == p) fp += c;
        else tn += c;
      }
    }
    out.put("true_positives", (double) tp);
    out.put("false_positives", (double) fp);
    out.put("false_negatives", (double) fn);
    out.put("true_negatives", (double) tn);
  }

  /**
   * Binary classification. {@code yPred} may be null when scores are given: predictions are then
   * {@code score >= 0.5 ? posLabel : the other label}.
   *
   * @param scores probability of {@code posLabel} per row, or null
   */
  public static Map<String, Double> binary(List<?> yTrue, List<?> yPred, double[] scores, Object posLabel) {
    if (posLabel == null) throw new InvalidInputException("pos_label is required for a binary task");
    if (yPred == null) yPred = predictionsFromScores(yTrue, scores, posLabel);
    checkLengths(yTrue.size(), yPred.size(), "y_pred");
    ConfusionMatrix<Object> cm = Classification.confusionMatrix(yTrue, yPred);
    if (cm.labels().size() > 2) {
      throw new InvalidInputException("a binary task has at most 2 labels, found " + cm.labels().size() + ": " + cm.labels());
    }
    Map<String, Double> out = new LinkedHashMap<>();
    ClassificationReport<Object> report = ClassificationReport.of(cm);
    Scores pos = ClassificationMetrics.binary(cm, posLabel, 1.0);
    out.put("accuracy", report.accuracy());
    out.put("balanced_accuracy", report.balancedAccuracy());
    out.put("precision", pos.precision());
    out.put("recall", pos.recall());
    out.put("f1", pos.f());
    out.put("f1_macro", report.macro().f());
    out.put("f1_weighted", report.weighted().f());
    out.put("matthews_corrcoef", report.matthewsCorrcoef());
    out.put("cohen_kappa", report.cohenKappa());
    putPositiveCounts(out, cm, posLabel);
    if (scores != null) {
      checkLengths(yTrue.size(), scores.length, "y_score");
      BinaryScores s = BinaryScores.of(yTrue, scores, posLabel);
      out.put("roc_auc", BinaryProbabilisticMetrics.rocAuc(s));
      out.put("average_precision", BinaryProbabilisticMetrics.averagePrecision(s));
      out.put("log_loss", BinaryProbabilisticMetrics.logLoss(s));
      out.put("brier_score", BinaryProbabilisticMetrics.brierScore(s));
    }
    return out;
  }

  /**
   * Multiclass classification.
   *
   * @param scores n×K class probabilities with columns in {@code labels} order, or null
   * @param labels the class order of the score columns (required with scores)
   */
  public static Map<String, Double> multiclass(List<?> yTrue, List<?> yPred, double[][] scores, List<?> labels) {
    if (yPred == null) {
      if (scores == null || labels == null) throw new InvalidInputException("y_pred is required (or y_score with labels)");
      yPred = argmax(scores, labels);
    }
    checkLengths(yTrue.size(), yPred.size(), "y_pred");
    ConfusionMatrix<Object> cm = Classification.confusionMatrix(yTrue, yPred);
    ClassificationReport<Object> report = ClassificationReport.of(cm);
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("accuracy", report.accuracy());
    out.put("balanced_accuracy", report.balancedAccuracy());
    for (Average a : List.of(Average.MACRO, Average.WEIGHTED, Average.MICRO)) {
      Scores s = ClassificationMetrics.scores(cm, a, 1.0);
      String suffix = "_" + a.name().toLowerCase(java.util.Locale.ROOT);
      out.put("precision" + suffix, s.precision());
      out.put("recall" + suffix, s.recall());
      out.put("f1" + suffix, s.f());
    }
    out.put("matthews_corrcoef", report.matthewsCorrcoef());
    out.put("cohen_kappa", report.cohenKappa());
    out.put("hamming_loss", report.hammingLoss());
    if (scores != null) {
      if (labels == null) throw new InvalidInputException("labels are required with multiclass scores (the column order)");
      checkLengths(yTrue.size(), scores.length, "y_score");
      @SuppressWarnings("unchecked")
      MulticlassScores<Object> s = MulticlassScores.of((List<Object>) yTrue, scores, (List<Object>) labels);
      out.put("roc_auc_ovr", MulticlassProbabilisticMetrics.rocAucOvrMacro(s));
      out.put("roc_auc_ovr_weighted", MulticlassProbabilisticMetrics.rocAucOvrWeighted(s));
      out.put("roc_auc_ovo", MulticlassProbabilisticMetrics.rocAucOvoMacro(s));
      out.put("log_loss", MulticlassProbabilisticMetrics.logLoss(s));
    }
    return out;
  }

  /** Regression; {@code msle} is left out when a value is negative (where it is undefined). */
  public static Map<String, Double> regression(double[] yTrue, double[] yPred) {
    checkLengths(yTrue.length, yPred.length, "y_pred");
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("mse", RegressionMetrics.mse(yTrue, yPred));
    out.put("rmse", RegressionMetrics.rmse(yTrue, yPred));
    out.put("mae", RegressionMetrics.mae(yTrue, yPred));
    out.put("r2", RegressionMetrics.r2(yTrue, yPred));
    out.put("explained_variance", RegressionMetrics.explainedVariance(yTrue, yPred));
    out.put("mape", RegressionMetrics.mape(yTrue, yPred));
    out.put("median_absolute_error", ExactRegressionMetrics.medianAbsoluteError(yTrue, yPred));
    out.put("max_error", RegressionMetrics.maxError(yTrue, yPred));
    boolean nonNegative = true;
    for (int i = 0; i < yTrue.length; i++) nonNegative &= yTrue[i] >= 0 && yPred[i] >= 0;
    if (nonNegative) out.put("msle", RegressionMetrics.msle(yTrue, yPred));
    out.put("d2_absolute_error", ExactRegressionMetrics.d2AbsoluteError(yTrue, yPred));
    return out;
  }

  private static void checkLengths(int n, int m, String what) {
    if (n == 0) throw new InvalidInputException("empty input: y_true has no rows");
    if (n != m) throw new InvalidInputException("length mismatch: y_true has " + n + " rows but " + what + " has " + m);
  }

  private static List<Object> predictionsFromScores(List<?> yTrue, double[] scores, Object posLabel) {
    if (scores == null) throw new InvalidInputException("y_pred is required (or y_score for a binary task)");
    checkLengths(yTrue.size(), scores.length, "y_score");
    LinkedHashSet<Object> others = new LinkedHashSet<>();
    for (Object y : yTrue) if (!posLabel.equals(y)) others.add(y);
    if (others.size() != 1) {
      throw new InvalidInputException("cannot derive predictions from scores: y_true needs exactly one label other than pos_label "
          + posLabel + ", found " + others);
    }
    Object neg = others.iterator().next();
    List<Object> pred = new ArrayList<>(scores.length);
    for (double s : scores) pred.add(s >= 0.5 ? posLabel : neg);
    return pred;
  }

  private static List<Object> argmax(double[][] scores, List<?> labels) {
    List<Object> pred = new ArrayList<>(scores.length);
    for (double[] row : scores) {
      if (row.length != labels.size()) throw new InvalidInputException("a score row has " + row.length + " columns for " + labels.size() + " labels");
      int best = 0;
      for (int j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
      pred.add(labels.get(best));
    }
    return pred;
  }
}
