package io.vigil.drift;

/** Quantiles of sorted samples. */
public final class Quantiles {
  private Quantiles() {}

  /**
   * NumPy's default ('linear', type 7) quantile of a sorted non-empty sample, with NumPy's
   * two-sided lerp (a + (b-a)g below g = 0.5, b - (b-a)(1-g) from 0.5) so results are bit-equal.
   */
  public static double linear(double[] sorted, double p) {
    int n = sorted.length;
    double h = (n - 1) * p;
    double fl = Math.floor(h);
    int lo = (int) fl;
    if (lo >= n - 1) {
      return sorted[n - 1];
    }
    if (lo < 0) {
      return sorted[0];
    }
    double g = h - fl;
    double a = sorted[lo];
    double b = sorted[Math.min(lo + 1, n - 1)];
    double diff = b - a;
    return g < 0.5 ? a + diff * g : b - diff * (1 - g);
  }
}
