package io.vigil.drift;

import io.vigil.metrics.InvalidInputException;

/**
 * Two-sample two-sided Kolmogorov-Smirnov test matching {@code scipy.stats.ks_2samp} (SciPy 1.10),
 * including the lattice rounding of D for the exact p-value and the finite-n Kolmogorov
 * distribution for the asymptotic one. Ties are not corrected for (as in SciPy).
 */
public final class KolmogorovSmirnov {
  private KolmogorovSmirnov() {}

  /** Tests unsorted samples with {@link KsMethod#AUTO}. */
  public static KsResult test(double[] reference, double[] current) {
    return test(reference, current, KsMethod.AUTO);
  }

  /**
   * Tests unsorted samples.
   *
   * @throws InvalidInputException when a sample is empty or holds a non-finite value
   */
  public static KsResult test(double[] reference, double[] current, KsMethod method) {
    double[] a = DoubleSort.sortedCopy(reference, "reference");
    double[] b = DoubleSort.sortedCopy(current, "current");
    return testSorted(a, b, method);
  }

  /** Tests samples already sorted ascending (not checked), e.g. from {@link DoubleSort}. */
  public static KsResult testSorted(double[] a, double[] b, KsMethod method) {
    return testWeighted(a, null, b, method);
  }

  /**
   * Reference as sorted values with counts (from a profile; {@code ca == null} means each value
   * once, a plain sorted sample), current sorted.
   */
  static KsResult testWeighted(double[] a, long[] ca, double[] b, KsMethod method) {
    if (a.length == 0 || b.length == 0) {
      throw new InvalidInputException("KS needs two non-empty samples");
    }
    long n1 = 0;
    if (ca == null) {
      n1 = a.length;
    } else {
      for (long c : ca) {
        n1 += c;
      }
    }
    int na = a.length;
    long cumA = 0;
    int n2 = b.length;
    double dn1 = n1;
    double dn2 = n2;
    // Sweep the pooled distinct values; the ECDF difference is computed exactly as SciPy does
    // (count/n1 - count/n2 in doubles) so that ties between maxima resolve to the same location.
    double maxS = Double.NEGATIVE_INFINITY;
    double minS = Double.POSITIVE_INFINITY;
    double maxLocA = Double.NaN;
    double maxLocB = Double.NaN;
    double minLocA = Double.NaN;
    double minLocB = Double.NaN;
    int i = 0;
    int j = 0;
    while (i < na || j < n2) {
      double v;
      if (j >= n2 || (i < na && a[i] <= b[j])) {
        v = a[i];
      } else {
        v = b[j];
      }
      boolean inA = false;
      boolean inB = false;
      while (i < na && a[i] <= v) {
        cumA += ca == null ? 1 : ca[i];
        i++;
        inA = true;
      }
      while (j < n2 && b[j] <= v) {
        j++;
        inB = true;
      }
      double diff = cumA / dn1 - j / dn2;
      if (diff > maxS) {
        maxS = diff;
        maxLocA = inA ? v : Double.NaN;
        maxLocB = inB ? v : Double.NaN;
      } else if (diff == maxS) {
        if (inA && Double.isNaN(maxLocA)) {
          maxLocA = v;
        }
        if (inB && Double.isNaN(maxLocB)) {
          maxLocB = v;
        }
      }
      if (diff < minS) {
        minS = diff;
        minLocA = inA ? v : Double.NaN;
        minLocB = inB ? v : Double.NaN;
      } else if (diff == minS) {
        if (inA && Double.isNaN(minLocA)) {
          minLocA = v;
        }
        if (inB && Double.isNaN(minLocB)) {
          minLocB = v;
        }
      }
    }
    double minClipped = Math.min(Math.max(-minS, 0.0), 1.0);
    double d;
    int sign;
    double location;
    if (minClipped > maxS) {
      d = minClipped;
      sign = -1;
      location = Double.isNaN(minLocA) ? minLocB : minLocA;
    } else {
      d = maxS;
      sign = 1;
      location = Double.isNaN(maxLocA) ? maxLocB : maxLocA;
    }
    return fromStatistic(d, n1, n2, sign, location, method);
  }

  /** Computes the p-value for a statistic D; applies the exact-mode lattice rounding to D. */
  static KsResult fromStatistic(double d, long n1, long n2, int sign, double location, KsMethod method) {
    KsMethod m = method;
    if (m == KsMethod.AUTO) {
      m = Math.max(n1, n2) <= KsMethod.AUTO_EXACT_MAX_N ? KsMethod.EXACT : KsMethod.ASYMPTOTIC;
    }
    long g = gcd(n1, n2);
    if (m == KsMethod.EXACT && (n1 / g) >= Integer.MAX_VALUE / (double) (n2 / g)) {
      // The lattice would not fit in 32 bits: SciPy switches to the asymptotic p-value too.
      m = KsMethod.ASYMPTOTIC;
    }
    double p;
    if (m == KsMethod.EXACT) {
      long lcm = (n1 / g) * n2;
      long h = (long) Math.rint(d * lcm);
      d = h * 1.0 / lcm;
      p = h == 0 ? 1.0 : exactPValue(n1, n2, g, h);
    } else {
      p = asymptoticPValue(n1, n2, d);
    }
    p = Math.min(Math.max(p, 0.0), 1.0);
    return new KsResult(d, p, sign, location, m, n1, n2);
  }

  /** kstwo.sf(d, round_half_even(n1·n2/(n1+n2))). */
  public static double asymptoticPValue(long n1, long n2, double d) {
    double m = Math.max(n1, n2);
    double n = Math.min(n1, n2);
    double en = m * n / (m + n);
    return KolmogorovDistribution.sf((long) Math.rint(en), d);
  }

  /**
   * Exact P(D &ge; h/lcm) under the null for sample sizes n1, n2 (two-sided).
   *
   * @param h statistic in units of 1/lcm(n1, n2), &ge; 1
   */
  public static double exactPValue(long n1, long n2, long g, long h) {
    if (n1 == n2) {
      return outsideSquare(n1, h);
    }
    return outsideBand(n1, n2, g, h);
  }

  /**
   * Equal sizes: P(D_{n,n} &ge; h/n) = 2·Σ_k (-1)^(k+1) C(2n, n-kh)/C(2n, n), evaluated in a
   * Horner-like nested form so that the alternating series does not cancel.
   */
  private static double outsideSquare(long n, long h) {
    double p = 0.0;
    long k = n / h;
    while (k >= 0) {
      double p1 = 1.0;
      for (long j = 0; j < h; j++) {
        p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
      }
      p = p1 * (1.0 - p);
      k--;
    }
    return 2 * p;
  }

  /**
   * Unequal sizes: probability that a uniformly random lattice path from (0,0) to (m,n) leaves
   * the band |i/m - j/n| &lt; h/lcm. Computed directly as that probability (Viehmann 2021) with the
   * recursion U(i,j) = (i·U(i-1,j) + j·U(i,j-1))/(i+j) inside the band and U = 1 outside:
   * convex combinations, so no overflow and no cancellation even for tiny p-values.
   */
  private static double outsideBand(long n1, long n2, long g, long h) {
    long mm = Math.max(n1, n2);
    int n = (int) Math.min(n1, n2);
    long mg = mm / g;
    long ng = n / g;
    double[] u = new double[n + 1];
    // Column i = 0: (0, j) is inside iff mg*j < h.
    u[0] = 0.0;
    for (int j = 1; j <= n; j++) {
      u[j] = (mg * j < h) ? u[j - 1] : 1.0;
    }
    for (long i = 1; i <= mm; i++) {
      double prev = 1.0; // value of U(i, j-1)
      for (int j = 0; j <= n; j++) {
        long diff = ng * i - mg * j;
        double val;
        if (Math.abs(diff) >= h) {
          val = 1.0;
        } else if (j == 0) {
          val = u[0];
        } else {
          val = (u[j] * i + prev * j) / (i + j);
        }
        u[j] = val;
        prev = val;
      }
    }
    return u[n];
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
