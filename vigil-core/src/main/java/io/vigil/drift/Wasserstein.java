package io.vigil.drift;

/**
 * First Wasserstein (earth mover's) distance between two one-dimensional empirical distributions,
 * the integral of |F_ref - F_cur|, as {@code scipy.stats.wasserstein_distance}.
 */
public final class Wasserstein {
  private Wasserstein() {}

  /** Distance between unsorted samples; rejects empty or non-finite input. */
  public static double distance(double[] reference, double[] current) {
    return distanceSorted(
        DoubleSort.sortedCopy(reference, "reference"), DoubleSort.sortedCopy(current, "current"));
  }

  /** Distance between samples already sorted ascending. */
  public static double distanceSorted(double[] a, double[] b) {
    int n1 = a.length;
    int n2 = b.length;
    double dn1 = n1;
    double dn2 = n2;
    int i = 0;
    int j = 0;
    double sum = 0;
    double v = Math.min(a[0], b[0]);
    while (true) {
      while (i < n1 && a[i] <= v) {
        i++;
      }
      while (j < n2 && b[j] <= v) {
        j++;
      }
      double next;
      if (i < n1) {
        next = j < n2 ? Math.min(a[i], b[j]) : a[i];
      } else if (j < n2) {
        next = b[j];
      } else {
        break;
      }
      // Same per-term arithmetic as SciPy: |count/n1 - count/n2| * (next - v).
      sum += Math.abs(i / dn1 - j / dn2) * (next - v);
      v = next;
    }
    return sum;
  }

  /**
   * Distance between two weighted sorted samples (values ascending, positive weights), used for
   * comparisons against a {@link NumericProfile}.
   */
  static double distanceWeighted(double[] a, double[] wa, double[] b, double[] wb) {
    double ta = 0;
    for (double w : wa) {
      ta += w;
    }
    double tb = 0;
    for (double w : wb) {
      tb += w;
    }
    int i = 0;
    int j = 0;
    double ca = 0;
    double cb = 0;
    double sum = 0;
    double v = Math.min(a[0], b[0]);
    while (true) {
      while (i < a.length && a[i] <= v) {
        ca += wa[i++];
      }
      while (j < b.length && b[j] <= v) {
        cb += wb[j++];
      }
      double next;
      if (i < a.length) {
        next = j < b.length ? Math.min(a[i], b[j]) : a[i];
      } else if (j < b.length) {
        next = b[j];
      } else {
        break;
      }
      sum += Math.abs(ca / ta - cb / tb) * (next - v);
      v = next;
    }
    return sum;
  }
}
