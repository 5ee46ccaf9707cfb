package io.vigil.metrics.regression;

import java.util.Arrays;

/**
 * Regression metrics that need every row at once (they depend on medians), so they do NOT stream
 * or merge: median absolute error and D² absolute error. Keep raw rows (or a sample) to use them.
 */
public final class ExactRegressionMetrics {
  private ExactRegressionMetrics() {}

  /** Median of |y − ŷ| (mean of the two middle values for even n). */
  public static double medianAbsoluteError(double[] yTrue, double[] yPred) {
    checked(yTrue, yPred);
    double[] e = new double[yTrue.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = Math.abs(yTrue[i] - yPred[i]);
    }
    return median(e);
  }

  /**
   * D² absolute error, 1 − Σ|y − ŷ| / Σ|y − median(y)|: 1.0 when the numerator is 0, 0.0 when only
   * the denominator is 0, NaN when fewer than 2 rows (as the reference defines).
   */
  public static double d2AbsoluteError(double[] yTrue, double[] yPred) {
    checked(yTrue, yPred);
    if (yTrue.length < 2) {
      return Double.NaN;
    }
    double med = median(yTrue.clone());
    NeumaierSum num = new NeumaierSum();
    NeumaierSum den = new NeumaierSum();
    for (int i = 0; i < yTrue.length; i++) {
      num.add(Math.abs(yTrue[i] - yPred[i]));
      den.add(Math.abs(yTrue[i] - med));
    }
    double a = num.value();
    double b = den.value();
    if (a == 0) {
      return 1.0;
    }
    if (b == 0) {
      return 0.0;
    }
    return 1.0 - a / b;
  }

  /** Median; sorts {@code a} in place. */
  static double median(double[] a) {
    Arrays.sort(a);
    int m = a.length / 2;
    if (a.length % 2 == 1) {
      return a[m];
    }
    // numpy's linear interpolation at 0.5 between the two middle values
    return a[m] - (a[m] - a[m - 1]) * 0.5;
  }

  private static void checked(double[] yTrue, double[] yPred) {
    RegressionInputs.check(yTrue, yPred);
    for (int i = 0; i < yTrue.length; i++) {
      RegressionInputs.checkFinite(yTrue[i], yPred[i], i);
    }
  }

}
