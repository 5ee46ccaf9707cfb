package io.vigil.drift;

/**
 * Survival function of the finite-n two-sided one-sample Kolmogorov statistic D_n
 * (SciPy's {@code kstwo.sf(x, n)}), and of the one-sided Smirnov statistic D_n^+.
 *
 * <p>The method dispatch follows Simard &amp; L'Ecuyer (2011), "Computing the two-sided
 * Kolmogorov-Smirnov distribution", J. Stat. Softw. 39(11), with the same cut-offs as SciPy 1.10 so
 * that the approximating branch (Pelz-Good) gives identical values: Ruben-Gambino closed forms at
 * the ends, the Durbin matrix (Marsaglia-Tsang-Wang 2003) for small n·x², the exact
 * Birnbaum-Tingey sum for the one-sided tail, and the Pelz-Good (1976) asymptotic series for large n.
 * Where SciPy uses the exact Pomeranz recursion we use the (equally exact) Durbin matrix.
 */
public final class KolmogorovDistribution {
  private static final double LN_2PI = Math.log(2 * Math.PI);
  private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
  private static final double PI2 = Math.PI * Math.PI;
  private static final double PI4 = PI2 * PI2;
  private static final double PI6 = PI4 * PI2;
  private static final double SQRT3 = Math.sqrt(3);
  /** Below cephes' MINLOG exp underflows; the one-sided tail is then 0. */
  private static final double MIN_LOG = -7.08396418532264106224e2;

  private static final double E128 = 0x1p128;
  private static final double EM128 = 0x1p-128;

  /** Stirling-series coefficients of log(n!) beyond 1/(12n), highest order first. */
  private static final double[] STIRLING = {
    -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
    8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
    -2.7777777777777777778e-3, 8.3333333333333333333e-2
  };

  /** stirlerr(k) = log(k!) - (k+1/2)log(k) + k - log(sqrt(2pi)) for k = 0..15. */
  private static final double[] STIRLERR_SMALL = new double[16];

  static {
    double fact = 1;
    STIRLERR_SMALL[0] = 0;
    for (int k = 1; k < 16; k++) {
      fact *= k; // exact: 15! < 2^53
      STIRLERR_SMALL[k] = Math.log(fact) - (k + 0.5) * Math.log(k) + k - 0.5 * LN_2PI;
    }
  }

  private KolmogorovDistribution() {}

  /**
   * P(D_n &gt;= x) for the two-sided statistic of a sample of size n (SciPy {@code kstwo.sf}).
   *
   * @param n sample size, &ge; 1
   * @param x statistic value
   */
  public static double sf(long n, double x) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be positive: " + n);
    }
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x >= 1.0) {
      return 0.0;
    }
    if (x <= 0.0) {
      return 1.0;
    }
    double t = n * x;
    if (t <= 1.0) {
      // Ruben-Gambino: for 1/(2n) <= x <= 1/n the CDF is n!/n^n (2t-1)^n.
      if (t <= 0.5) {
        return 1.0;
      }
      double cdf;
      if (n <= 140) {
        cdf = 1.0;
        double f = 2 * t - 1;
        for (long i = 1; i <= n; i++) {
          cdf *= i * (1.0 / n) * f;
        }
      } else {
        cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
      }
      return clip(1.0 - cdf);
    }
    if (t >= n - 1) {
      return clip(2 * Math.pow(1.0 - x, n));
    }
    if (x >= 0.5) {
      // Only one of D+ and D- can exceed 1/2, so the two-sided tail is exactly twice the one-sided.
      return clip(2 * smirnovSf(n, x));
    }
    double nxx = t * x;
    if (n <= 140) {
      if (nxx <= 4) {
        return clip(1.0 - durbinCdf(n, x));
      }
      return clip(2 * smirnovSf(n, x));
    }
    if (nxx >= 370.0) {
      return 0.0;
    }
    if (nxx >= 2.2) {
      return clip(2 * smirnovSf(n, x));
    }
    double cdf;
    if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) {
      cdf = durbinCdf(n, x);
    } else {
      cdf = pelzGoodCdf(n, x);
    }
    return clip(1.0 - cdf);
  }

  private static double clip(double p) {
    return p < 0 ? 0.0 : (p > 1 ? 1.0 : p);
  }

  /** log(n!/n^n) by Stirling's series. */
  private static double logFactorialOverPower(long n) {
    double rn = 1.0 / n;
    double r2 = rn / n;
    double poly = 0;
    for (double c : STIRLING) {
      poly = poly * r2 + c;
    }
    return Math.log(n) / 2 - n + LN_2PI / 2 + rn * poly;
  }

  /** P(D_n &lt;= d) by the Durbin matrix method as formulated by Marsaglia, Tsang and Wang. */
  static double durbinCdf(long n, double d) {
    double nd = n * d;
    if (nd <= 0.5) {
      return 0.0;
    }
    int k = (int) Math.ceil(nd);
    double h = k - nd;
    int m = 2 * k - 1;
    double[] w = new double[m]; // w[j] = 1/j!
    double[] v = new double[m]; // v[j] = (1 - h^(j+1)) / (j+1)!
    double fac = 1.0;
    for (int j = 1; j <= m; j++) {
      w[j - 1] = fac;
      fac /= j;
      v[j - 1] = (1.0 - Math.pow(h, j)) * fac;
    }
    double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
    v[m - 1] = (1.0 + tt) * fac;
    double[] hm = new double[m * m];
    for (int c = 1; c < m; c++) {
      for (int r = c - 1; r < m; r++) {
        hm[r * m + c] = w[r - c + 1];
      }
    }
    for (int r = 0; r < m; r++) {
      hm[r * m] = v[r];
    }
    for (int c = 0; c < m; c++) {
      hm[(m - 1) * m + c] = v[m - 1 - c];
    }
    double[] pw = new double[m * m];
    for (int i = 0; i < m; i++) {
      pw[i * m + i] = 1.0;
    }
    long nn = n;
    int expnt = 0;
    int hExpnt = 0;
    double[] tmp = new double[m * m];
    while (nn > 0) {
      if ((nn & 1) != 0) {
        matmul(pw, hm, tmp, m);
        double[] s = pw;
        pw = tmp;
        tmp = s;
        expnt += hExpnt;
      }
      matmul(hm, hm, tmp, m);
      double[] s = hm;
      hm = tmp;
      tmp = s;
      hExpnt *= 2;
      // Rescale to keep the powers of H representable; the exponent is restored at the end.
      if (Math.abs(hm[(k - 1) * m + (k - 1)]) > E128) {
        for (int i = 0; i < hm.length; i++) {
          hm[i] *= EM128;
        }
        hExpnt += 128;
      }
      nn >>= 1;
    }
    double p = pw[(k - 1) * m + (k - 1)];
    for (long i = 1; i <= n; i++) {
      p = i * p / n;
      if (Math.abs(p) < EM128) {
        p *= E128;
        expnt -= 128;
      }
    }
    if (expnt != 0) {
      p = Math.scalb(p, expnt);
    }
    return p < 0 ? 0.0 : (p > 1 ? 1.0 : p);
  }

  private static void matmul(double[] a, double[] b, double[] out, int m) {
    java.util.Arrays.fill(out, 0.0);
    for (int i = 0; i < m; i++) {
      int io = i * m;
      for (int l = 0; l < m; l++) {
        double av = a[io + l];
        if (av == 0.0) {
          continue;
        }
        int lo = l * m;
        for (int j = 0; j < m; j++) {
          out[io + j] += av * b[lo + j];
        }
      }
    }
  }

  /**
   * Pelz-Good (1976) approximation of P(D_n &lt;= x): the Li-Chien/Korolyuk expansion
   * K0 + K1/√n + K2/n + K3/n^1.5 in z = x√n, with each term rewritten through Jacobi theta
   * functions so that it converges for small z.
   */
  static double pelzGoodCdf(long n, double x) {
    if (x <= 0.0) {
      return 0.0;
    }
    if (x >= 1.0) {
      return 1.0;
    }
    double z = Math.sqrt((double) n) * x;
    double z2 = z * z;
    double z3 = z2 * z;
    double z4 = z2 * z2;
    double z6 = z4 * z2;
    double qlog = -PI2 / 8 / z2;
    if (qlog < -708) {
      return 0.0;
    }
    double q = Math.exp(qlog);
    double k1a = -z2;
    double k1b = PI2 / 4;
    double k2a = 6 * z6 + 2 * z4;
    double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
    double k2c = PI4 * (1 - 2 * z2) / 16;
    double k3d = PI6 * (5 - 30 * z2) / 64;
    double k3c = PI4 * (-60 * z2 + 212 * z4) / 16;
    double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
    double k3a = -30 * z6 - 90 * z4 * z4;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int maxk = (int) Math.ceil(16 * z / Math.PI);
    // Horner in q^(8k) from the highest k down, as the theta series are sums of q^((2k-1)^2).
    for (int kk = maxk; kk > 0; kk--) {
      double m = 2 * kk - 1;
      double m2 = m * m;
      double m4 = m2 * m2;
      double m6 = m4 * m2;
      double qp = Math.pow(q, 8 * kk);
      s0 = s0 * qp + 1.0;
      s1 = s1 * qp + (k1a + k1b * m2);
      s2 = s2 * qp + (k2a + k2b * m2 + k2c * m4);
      s3 = s3 * qp + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
    }
    double f = q * SQRT_2PI;
    s0 = s0 * f / z;
    s1 = s1 * f / (6 * z4);
    s2 = s2 * f / (72 * Math.pow(z, 7));
    s3 = s3 * f / (6480 * Math.pow(z, 10));
    double q2 = Math.exp(-PI2 / 2 / z2);
    double k2extra = 0;
    double k3extra = 0;
    double sqrt3z = SQRT3 * z;
    for (int kk = maxk; kk > 0; kk--) {
      double ksq = (double) kk * kk;
      double qk = Math.pow(q2, ksq);
      k2extra += ksq * qk;
      double kspi = Math.PI * kk;
      k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qk;
    }
    s2 += k2extra * (PI2 * SQRT_2PI / (-36 * z3));
    s3 += k3extra * (PI2 * SQRT_2PI / (216 * z6));
    double dn = n;
    s1 /= Math.sqrt(dn);
    s2 /= dn;
    s3 /= Math.pow(dn, 1.5);
    return s0 + s1 + s2 + s3;
  }

  /**
   * P(D_n^+ &gt;= x), the one-sided Smirnov tail, by the exact Birnbaum-Tingey sum
   * x·Σ_j C(n,j)(x+j/n)^(j-1)(1-x-j/n)^(n-j). Each term is a binomial probability divided by
   * (x+j/n), evaluated with Loader's saddle-point form so that it stays accurate for large n.
   */
  public static double smirnovSf(long n, double x) {
    if (!(n > 0 && x >= 0.0 && x <= 1.0)) {
      return Double.NaN;
    }
    if (n == 1) {
      return 1 - x;
    }
    if (x == 0.0) {
      return 1.0;
    }
    if (x == 1.0) {
      return 0.0;
    }
    // n*x as an unevaluated sum hi + lo, so that floor(n x) and n(x + j/n) are exact enough.
    double nxHi = n * x;
    double nxLo = Math.fma((double) n, x, -nxHi);
    double fl = Math.floor(nxHi);
    double alpha = (nxHi - fl) + nxLo;
    if (alpha < 0) {
      fl -= 1;
      alpha += 1;
    } else if (alpha >= 1) {
      fl += 1;
      alpha -= 1;
    }
    long nxfl = (long) fl;
    if (nxfl == 0 || (nxfl == 1 && alpha == 0)) {
      double cdf = x * Math.pow(1 + x, n - 1);
      return clip(1 - cdf);
    }
    if (-2 * n * x * x < MIN_LOG) {
      return 0.0;
    }
    if (nxfl >= n - 1) {
      return clip(Math.pow(1 - x, n));
    }
    if (n > 1_000_000) {
      // cephes' large-n approximation, kept so that results agree with SciPy.
      double logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
      return clip(logp < -Math.log(2) ? Math.exp(logp) : 1 - (-Math.expm1(logp)));
    }
    // Last index with 1 - x - j/n > 0.
    long last = n - nxfl - 1;
    // Terms T_j = C(n,j) a^(j-1) b^(n-j), a = x + j/n, b = 1 - a, by the exact ratio recurrence
    // T_{j+1}/T_j = (n-j)/(j+1) * a_j/b_{j+1} * (1 + 1/(n a_j))^j * (1 - 1/(n b_j))^(n-j):
    // one exp and two log1p per term (vs. a log-gamma per term), carried with a binary exponent
    // offset because T_0 = (1-x)^n / x underflows for large n.
    double dn = n;
    double logT0 = dn * Math.log1p(-x) - Math.log(x);
    int scale = (int) Math.rint(logT0 / Math.log(2));
    double t = Math.exp(logT0 - scale * Math.log(2));
    double sum = t;
    double prev = t;
    for (long j = 0; j < last; j++) {
      double na = (nxHi + j) + nxLo; // n * a_j
      double nb = ((dn - j) - nxHi) - nxLo; // n * b_j
      double nb1 = nb - 1.0; // n * b_{j+1}
      if (nb1 <= 0) {
        break; // b_{j+1} is zero up to rounding: the term vanishes
      }
      double u = 1.0 / nb;
      double logB = u > 0.5 ? Math.log(nb1 / nb) : Math.log1p(-u);
      double e = j * Math.log1p(1.0 / na) + (dn - j) * logB;
      double ratio = ((dn - j) / (j + 1)) * (na / nb1) * Math.exp(e);
      t *= ratio;
      if (t > 0x1p600 || sum > 0x1p600) {
        t *= 0x1p-600;
        sum *= 0x1p-600;
        scale += 600;
      } else if (t < 0x1p-600 && sum < 0x1p-300) {
        t *= 0x1p600;
        sum *= 0x1p600;
        scale -= 600;
      }
      sum += t;
      // Past the peak, stop once the remaining terms cannot change the sum (as cephes does).
      if (t < prev && 4.0 * (last - j) * t < 0x1p-53 * sum) {
        break;
      }
      prev = t;
    }
    return clip(Math.scalb(x * sum, scale));
  }

  /** Loader's stirlerr(k) = log(k!) - log(sqrt(2 pi k) (k/e)^k) for integer k. */
  private static double stirlerr(long k) {
    if (k < 16) {
      return STIRLERR_SMALL[(int) k];
    }
    double n = k;
    double nn = n * n;
    final double s0 = 1.0 / 12;
    final double s1 = 1.0 / 360;
    final double s2 = 1.0 / 1260;
    final double s3 = 1.0 / 1680;
    final double s4 = 1.0 / 1188;
    if (k > 500) {
      return (s0 - s1 / nn) / n;
    }
    if (k > 80) {
      return (s0 - (s1 - s2 / nn) / nn) / n;
    }
    if (k > 35) {
      return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
    }
    return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
  }

  /** Loader's deviance term x log(x/np) + np - x, by a series when x is close to np. */
  private static double bd0(double x, double np) {
    if (Math.abs(x - np) < 0.1 * (x + np)) {
      double v = (x - np) / (x + np);
      double s = (x - np) * v;
      double ej = 2 * x * v;
      v = v * v;
      for (int j = 1; j < 1000; j++) {
        ej *= v;
        double s1 = s + ej / (2 * j + 1);
        if (s1 == s) {
          return s1;
        }
        s = s1;
      }
      return s;
    }
    return x * Math.log(x / np) + np - x;
  }
}
