package io.vigil.metrics.probabilistic;

import java.util.Arrays;

/**
 * A precision-recall curve as scikit-learn 1.2.1 {@code precision_recall_curve} returns it.
 *
 * <p>Points run over every distinct score in increasing threshold order (no truncation at full
 * recall), followed by a final point (precision 1, recall 0) that has no threshold, so
 * {@code thresholds.length == precision.length - 1}. When there are no positives, recall is 1 at
 * every threshold.
 *
 * @param precision precision per point
 * @param recall recall per point
 * @param thresholds threshold per point except the last, increasing
 */
public record PrecisionRecallCurve(double[] precision, double[] recall, double[] thresholds) {
  /** Number of points on the curve (one more than the number of thresholds). */
  public int size() {
    return precision.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrecisionRecallCurve r
        && Arrays.equals(precision, r.precision)
        && Arrays.equals(recall, r.recall)
        && Arrays.equals(thresholds, r.thresholds);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(precision) + Arrays.hashCode(recall))
        + Arrays.hashCode(thresholds);
  }

  @Override
  public String toString() {
    return "PrecisionRecallCurve[precision=" + Arrays.toString(precision) + ", recall="
        + Arrays.toString(recall) + ", thresholds=" + Arrays.toString(thresholds) + "]";
  }
}
