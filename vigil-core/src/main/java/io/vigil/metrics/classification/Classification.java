package io.vigil.metrics.classification;

import io.vigil.metrics.InvalidInputException;
import java.util.List;

/**
 * Entry points from whole label lists or arrays: validate, count into a {@link ConfusionMatrix},
 * derive the metrics with {@link ClassificationMetrics}. For streaming use the accumulators.
 */
public final class Classification {
  private Classification() {}

  /**
   * Confusion matrix over the sorted union of the labels in {@code yTrue} and {@code yPred}.
   *
   * @throws InvalidInputException on empty input, length mismatch, null or NaN labels, mixed types
   */
  public static <L> ConfusionMatrix<L> confusionMatrix(List<? extends L> yTrue, List<? extends L> yPred) {
    if (yTrue.size() != yPred.size()) {
      throw new InvalidInputException(
          "length mismatch: y_true has " + yTrue.size() + " rows, y_pred " + yPred.size());
    }
    if (yTrue.isEmpty()) {
      throw new InvalidInputException("empty input: no samples");
    }
    LabelConfusionAccumulator<L> acc = new LabelConfusionAccumulator<>();
    acc.addAll(yTrue, yPred);
    return acc.result();
  }

  /**
   * Confusion matrix in the given label order; labels absent from the data give zero rows and
   * columns, and samples with a label outside {@code labels} are dropped.
   */
  public static <L> ConfusionMatrix<L> confusionMatrix(
      List<? extends L> yTrue, List<? extends L> yPred, List<L> labels) {
    return Classification.<L>confusionMatrix(yTrue, yPred).reorder(labels);
  }

  /** Confusion matrix of int labels over the sorted labels present, without boxing each row. */
  public static ConfusionMatrix<Integer> confusionMatrix(int[] yTrue, int[] yPred) {
    return IntLabels.confusionMatrix(yTrue, yPred);
  }

  /** Every label metric of the two lists. */
  public static <L> ClassificationReport<L> report(List<? extends L> yTrue, List<? extends L> yPred) {
    return ClassificationReport.of(Classification.<L>confusionMatrix(yTrue, yPred));
  }

  /** Every label metric of the two int arrays (fast path). */
  public static ClassificationReport<Integer> report(int[] yTrue, int[] yPred) {
    return ClassificationReport.of(confusionMatrix(yTrue, yPred));
  }

  /** Fraction of exact matches. */
  public static <L> double accuracy(List<? extends L> yTrue, List<? extends L> yPred) {
    return ClassificationMetrics.accuracy(confusionMatrix(yTrue, yPred));
  }

  /** F1 with the given averaging over all labels present. */
  public static <L> double f1(List<? extends L> yTrue, List<? extends L> yPred, Average average) {
    return ClassificationMetrics.scores(confusionMatrix(yTrue, yPred), average, 1.0).f();
  }

  /** F1 of int labels with the given averaging (fast path). */
  public static double f1(int[] yTrue, int[] yPred, Average average) {
    return ClassificationMetrics.scores(confusionMatrix(yTrue, yPred), average, 1.0).f();
  }

  /** F1 of the positive class. */
  public static <L> double f1Binary(List<? extends L> yTrue, List<? extends L> yPred, L posLabel) {
    return ClassificationMetrics.binary(Classification.<L>confusionMatrix(yTrue, yPred), posLabel, 1.0).f();
  }
}
