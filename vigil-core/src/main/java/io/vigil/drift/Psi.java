package io.vigil.drift;

import io.vigil.metrics.InvalidInputException;

/**
 * Population Stability Index. Numeric: 10 bins whose inner edges are the reference deciles
 * (NumPy 'linear' quantiles, duplicates kept, outer edges ±∞, bins left-closed). Categorical: one
 * bin per category. Proportions that are exactly 0 become {@link #DEFAULT_EPS} (no
 * renormalisation); PSI = Σ (cur - ref)·ln(cur/ref).
 */
public final class Psi {
  /** Replacement for a zero proportion. */
  public static final double DEFAULT_EPS = 1e-4;

  /** Number of decile bins for numeric PSI. */
  public static final int BINS = 10;

  private Psi() {}

  /** Numeric PSI of unsorted samples; rejects empty or non-finite input. */
  public static PsiResult numeric(double[] reference, double[] current) {
    DoubleSort.requireFinite(current, "current");
    return numericSortedReference(DoubleSort.sortedCopy(reference, "reference"), current, DEFAULT_EPS);
  }

  /**
   * Numeric PSI with the reference already sorted ascending; the current sample need not be
   * sorted (it is binned in one linear pass).
   */
  public static PsiResult numericSortedReference(double[] sortedRef, double[] current, double eps) {
    double[] q = decileEdges(sortedRef);
    long[] rc = new long[BINS];
    // Reference counts from the sorted array: bin b holds q_b <= x < q_{b+1}.
    int prev = 0;
    for (int b = 0; b < BINS - 1; b++) {
      int below = DoubleSort.lowerBound(sortedRef, q[b]);
      rc[b] = below - prev;
      prev = below;
    }
    rc[BINS - 1] = sortedRef.length - prev;
    long[] cc = countCurrent(q, current);
    return new PsiResult(new Histogram(q, rc, cc), fromCounts(rc, cc, eps));
  }

  /** Bins an unsorted sample by the 9 edges: bin = number of edges &le; x. */
  static long[] countCurrent(double[] q, double[] current) {
    long[] cc = new long[BINS];
    double q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3], q4 = q[4];
    double q5 = q[5], q6 = q[6], q7 = q[7], q8 = q[8];
    for (double x : current) {
      // Branch-free count of edges <= x (duplicate edges simply count twice).
      int b = (q0 <= x ? 1 : 0) + (q1 <= x ? 1 : 0) + (q2 <= x ? 1 : 0) + (q3 <= x ? 1 : 0)
          + (q4 <= x ? 1 : 0) + (q5 <= x ? 1 : 0) + (q6 <= x ? 1 : 0) + (q7 <= x ? 1 : 0)
          + (q8 <= x ? 1 : 0);
      cc[b]++;
    }
    return cc;
  }

  /** The 9 inner edges np.quantile(ref, j/10), j = 1..9, of a sorted sample. */
  public static double[] decileEdges(double[] sorted) {
    double[] q = new double[BINS - 1];
    for (int j = 1; j < BINS; j++) {
      q[j - 1] = Quantiles.linear(sorted, j / 10.0);
    }
    return q;
  }

  /**
   * PSI from per-bin counts: proportions ref/Σref and cur/Σcur, exact zeros replaced by eps.
   *
   * @throws InvalidInputException when lengths differ or a total is zero
   */
  public static double fromCounts(long[] ref, long[] cur, double eps) {
    if (ref.length != cur.length || ref.length == 0) {
      throw new InvalidInputException("PSI needs two count vectors of the same, non-zero length");
    }
    double nr = 0;
    double nc = 0;
    for (int i = 0; i < ref.length; i++) {
      nr += ref[i];
      nc += cur[i];
    }
    if (nr == 0 || nc == 0) {
      throw new InvalidInputException("PSI needs non-empty samples");
    }
    double[] terms = new double[ref.length];
    for (int i = 0; i < ref.length; i++) {
      double e = ref[i] / nr;
      double a = cur[i] / nc;
      if (e == 0) {
        e = eps;
      }
      if (a == 0) {
        a = eps;
      }
      terms[i] = (a - e) * Math.log(a / e);
    }
    return NumpySum.sum(terms);
  }
}
