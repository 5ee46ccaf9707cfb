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
   * Distance between a reference given as sorted distinct values with counts and a sorted current
   * sample; with all counts 1 it is bit-identical to {@link #distanceSorted}.
   */
  static double distanceWeighted(double[] a, long[] ca, double[] b) {
    long n1L = 0;
    for (long c : ca) {
      n1L += c;
    }
    double dn1 = n1L;
    double dn2 = b.length;
    int i = 0;
    int j = 0;
    long cum = 0;
    double sum = 0;
    double v = Math.min(a[0], b[0]);
    while (true) {
      while (i < a.length && a[i] <= v) {
        cum += ca[i++];
      }
      while (j < b.length && b[j] <= v) {
        j++;
      }
      double next;
      if (i < a.length) {
        next = j < b.length ? Math.min(a[i], b[j]) : a[i];
      } else if (j < b.length) {
        next = b[j];
      } else {
        break;
      }
      sum += Math.abs(cum / dn1 - j / dn2) * (next - v);
      v = next;
    }
    return sum;
  }
}
