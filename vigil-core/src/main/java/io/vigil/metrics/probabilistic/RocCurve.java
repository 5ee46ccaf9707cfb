package io.vigil.metrics.probabilistic;

import java.util.Arrays;

/**
 * A receiver operating characteristic curve as scikit-learn 1.2.1 {@code roc_curve} returns it.
 *
 * <p>Point 0 is the origin (0, 0) with threshold {@code max(score) + 1}; the following points are
 * at distinct score thresholds in decreasing order, a sample being predicted positive when its
 * score is {@code >=} the threshold. A rate whose class is absent from the data is all NaN.
 *
 * @param fpr false-positive rate per point
 * @param tpr true-positive rate per point
 * @param thresholds threshold per point, decreasing
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {
  /** Number of points on the curve. */
  public int size() {
    return thresholds.length;
  }

  // Records compare arrays by identity by default; curves are values, so compare contents.
  @Override
  public boolean equals(Object o) {
    return o instanceof RocCurve r
        && Arrays.equals(fpr, r.fpr)
        && Arrays.equals(tpr, r.tpr)
        && Arrays.equals(thresholds, r.thresholds);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(fpr) + Arrays.hashCode(tpr)) + Arrays.hashCode(thresholds);
  }

  @Override
  public String toString() {
    return "RocCurve[fpr=" + Arrays.toString(fpr) + ", tpr=" + Arrays.toString(tpr)
        + ", thresholds=" + Arrays.toString(thresholds) + "]";
  }
}
