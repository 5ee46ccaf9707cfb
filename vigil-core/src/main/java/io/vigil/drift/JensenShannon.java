package io.vigil.drift;

/**
 * Jensen-Shannon distance (base 2, in [0, 1]) between a reference and a current sample, over 10
 * equal-width bins of the reference range, as {@code scipy.spatial.distance.jensenshannon}.
 *
 * <p>Bin rule: edges e_i = min + i·((max-min)/10), e_10 = max (np.linspace). A value goes to the
 * bin numbered by how many inner edges e_1..e_9 are &le; it, so values outside the reference range
 * are clipped into the first or last bin, and a constant reference puts x &lt; min in bin 0 and
 * everything else in bin 9.
 */
public final class JensenShannon {
  /** Number of equal-width bins. */
  public static final int BINS = 10;

  private JensenShannon() {}

  /** Histogram and distance for unsorted samples; rejects empty or non-finite input. */
  public static JsResult test(double[] reference, double[] current) {
    DoubleSort.requireFinite(reference, "reference");
    DoubleSort.requireFinite(current, "current");
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : reference) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double[] edges = edges(lo, hi);
    long[] rc = new long[BINS];
    long[] cc = new long[BINS];
    count(reference, edges, rc);
    count(current, edges, cc);
    return new JsResult(new Histogram(edges, rc, cc), distance(rc, cc));
  }

  /** The 11 edges np.linspace(lo, hi, 11). */
  public static double[] edges(double lo, double hi) {
    double[] e = new double[BINS + 1];
    double step = (hi - lo) / BINS;
    for (int i = 0; i < BINS; i++) {
      e[i] = step == 0 ? lo + i / (double) BINS * (hi - lo) : i * step + lo;
    }
    e[BINS] = hi;
    return e;
  }

  /** Bin index of x: the number of inner edges e_1..e_9 that are &le; x. */
  static int bin(double[] edges, double x) {
    int b = 0;
    for (int k = 1; k < BINS; k++) {
      b += edges[k] <= x ? 1 : 0;
    }
    return b;
  }

  /** Adds the bin counts of {@code values} to {@code counts}. */
  static void count(double[] values, double[] edges, long[] counts) {
    for (double x : values) {
      counts[bin(edges, x)]++;
    }
  }

  /** Jensen-Shannon distance (base 2) between two count (or weight) vectors of equal length. */
  public static double distance(long[] p, long[] q) {
    double[] pd = new double[p.length];
    double[] qd = new double[q.length];
    for (int i = 0; i < p.length; i++) {
      pd[i] = p[i];
      qd[i] = q[i];
    }
    return distance(pd, qd);
  }

  /** Jensen-Shannon distance (base 2) between two non-negative weight vectors of equal length. */
  public static double distance(double[] p, double[] q) {
    if (p.length != q.length || p.length == 0) {
      throw new io.vigil.metrics.InvalidInputException("histograms must have the same, non-zero length");
    }
    double sp = NumpySum.sum(p);
    double sq = NumpySum.sum(q);
    int k = p.length;
    double[] left = new double[k];
    double[] right = new double[k];
    for (int i = 0; i < k; i++) {
      double pi = p[i] / sp;
      double qi = q[i] / sq;
      double m = (pi + qi) / 2.0;
      left[i] = relEntr(pi, m);
      right[i] = relEntr(qi, m);
    }
    double js = NumpySum.sum(left) + NumpySum.sum(right);
    js /= Math.log(2);
    return Math.sqrt(js / 2.0);
  }

  private static double relEntr(double x, double y) {
    if (x == 0 && y >= 0) {
      return 0.0;
    }
    if (x > 0 && y > 0) {
      return x * Math.log(x / y);
    }
    return Double.POSITIVE_INFINITY;
  }
}
