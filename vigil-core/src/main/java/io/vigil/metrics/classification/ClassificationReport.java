package io.vigil.metrics.classification;

import java.util.List;

/**
 * All label metrics of one confusion matrix (scikit-learn 1.2.1 semantics, zero_division = 0).
 * Per-class arrays follow {@code labels}; averages use F1.
 *
 * @param <L> label type
 */
public record ClassificationReport<L>(
    List<L> labels,
    long count,
    double accuracy,
    double balancedAccuracy,
    double hammingLoss,
    double matthewsCorrcoef,
    double cohenKappa,
    long[] support,
    double[] precision,
    double[] recall,
    double[] f1,
    Scores micro,
    Scores macro,
    Scores weighted) {

  /** Computes every metric from {@code cm}. */
  public static <L> ClassificationReport<L> of(ConfusionMatrix<L> cm) {
    PerClassScores<L> pc = ClassificationMetrics.perClass(cm, 1.0);
    return new ClassificationReport<>(
        cm.labels(),
        cm.total(),
        ClassificationMetrics.accuracy(cm),
        ClassificationMetrics.balancedAccuracy(cm),
        ClassificationMetrics.hammingLoss(cm),
        ClassificationMetrics.matthewsCorrcoef(cm),
        ClassificationMetrics.cohenKappa(cm),
        pc.support(),
        pc.precision(),
        pc.recall(),
        pc.f(),
        ClassificationMetrics.scores(cm, Average.MICRO, 1.0),
        ClassificationMetrics.scores(cm, Average.MACRO, 1.0),
        ClassificationMetrics.scores(cm, Average.WEIGHTED, 1.0));
  }
}
