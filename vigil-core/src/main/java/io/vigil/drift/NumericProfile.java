package io.vigil.drift;

import io.vigil.metrics.InvalidInputException;
import java.util.Arrays;

/**
 * Compact, mergeable summary of a numeric reference column, so that drift against a large
 * reference does not need its rows in memory.
 *
 * <p>Content: exact count, min, max, mean and variance (Chan's parallel update), and a
 * <em>bottom-k distinct-value sample with multiplicities</em>: every distinct value is hashed with a
 * fixed bijective 64-bit mixer and the {@code capacity} values with the smallest hashes are kept
 * together with their full counts. Because the kept set depends only on the set of distinct values,
 * {@code merge} of two profiles is identical to the profile built in one pass over both inputs.
 *
 * <p>Exactness: while the column has at most {@code capacity} distinct values ({@link #isExact()})
 * the sample is the whole multiset and KS, Wasserstein, Jensen-Shannon and PSI against the profile
 * equal the values computed from the raw rows. Beyond that the sample is a uniform random sample of
 * the distinct values (weighted by their counts, i.e. a uniform row sample for continuous data):
 * min, max, count, mean and std stay exact, the JS bin edges stay exact, while ECDF-based
 * quantities (KS D, Wasserstein, JS bin proportions, PSI decile edges) are estimates with error of
 * order 1/√capacity; the KS p-value then uses the sample size, not the row count.
 */
public final class NumericProfile {
  /** Default number of distinct values kept. */
  public static final int DEFAULT_CAPACITY = 8192;

  private static final long M1 = 0xff51afd7ed558ccdL;
  private static final long M2 = 0xc4ceb9fe1a85ec53L;
  private static final long M1_INV = inverse(M1);
  private static final long M2_INV = inverse(M2);

  private final int capacity;
  private final long count;
  private final double min;
  private final double max;
  private final double mean;
  private final double m2;
  /** Kept hashes, ascending (signed order), and the count of each hashed value. */
  private final long[] hashes;
  private final long[] counts;

  private NumericProfile(
      int capacity, long count, double min, double max, double mean, double m2, long[] hashes, long[] counts) {
    this.capacity = capacity;
    this.count = count;
    this.min = min;
    this.max = max;
    this.mean = mean;
    this.m2 = m2;
    this.hashes = hashes;
    this.counts = counts;
  }

  /** Profile of {@code values} with {@link #DEFAULT_CAPACITY}. */
  public static NumericProfile of(double[] values) {
    return builder(DEFAULT_CAPACITY).addAll(values).build();
  }

  /** A builder keeping at most {@code capacity} distinct values. */
  public static Builder builder(int capacity) {
    if (capacity < 16) {
      throw new IllegalArgumentException("capacity must be at least 16");
    }
    return new Builder(capacity);
  }

  /** Builder with {@link #DEFAULT_CAPACITY}. */
  public static Builder builder() {
    return builder(DEFAULT_CAPACITY);
  }

  public int capacity() {
    return capacity;
  }

  public long count() {
    return count;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  public double mean() {
    return mean;
  }

  /** Population standard deviation (ddof = 0). */
  public double std() {
    return count == 0 ? Double.NaN : Math.sqrt(m2 / count);
  }

  /** True when the sample holds every row, so that all statistics equal the raw-row ones. */
  public boolean isExact() {
    return sampledCount() == count;
  }

  /** Number of rows represented by the kept sample. */
  public long sampledCount() {
    long s = 0;
    for (long c : counts) {
      s += c;
    }
    return s;
  }

  /** Number of distinct values kept. */
  public int distinctKept() {
    return hashes.length;
  }

  /**
   * Merges two profiles; equal to the profile of the concatenated inputs (bit-identical sample,
   * count, min and max; mean and variance up to rounding).
   */
  public NumericProfile merge(NumericProfile other) {
    if (other.count == 0) {
      return this;
    }
    if (count == 0) {
      return other.capacity == capacity ? other : other.withCapacity(capacity);
    }
    int cap = Math.min(capacity, other.capacity);
    long n = count + other.count;
    double delta = other.mean - mean;
    double newMean = mean + delta * ((double) other.count / n);
    double newM2 = m2 + other.m2 + delta * delta * ((double) count * other.count / n);
    long[][] kept = mergeSorted(hashes, counts, other.hashes, other.counts, cap);
    return new NumericProfile(
        cap, n, Math.min(min, other.min), Math.max(max, other.max), newMean, newM2, kept[0], kept[1]);
  }

  private NumericProfile withCapacity(int cap) {
    int k = Math.min(cap, hashes.length);
    return new NumericProfile(cap, count, min, max, mean, m2, Arrays.copyOf(hashes, k), Arrays.copyOf(counts, k));
  }

  /** Sorted distinct sample values (ascending) and their counts. */
  WeightedSample sample() {
    int k = hashes.length;
    long[] keys = new long[k];
    for (int i = 0; i < k; i++) {
      keys[i] = DoubleSort.toKey(Double.longBitsToDouble(unmix(hashes[i])));
    }
    // toKey's image is ordered as unsigned; flip the sign bit to sort with signed order.
    for (int i = 0; i < k; i++) {
      keys[i] ^= Long.MIN_VALUE;
    }
    Arrays.sort(keys);
    double[] values = new double[k];
    long[] c = new long[k];
    for (int i = 0; i < k; i++) {
      double v = DoubleSort.fromKey(keys[i] ^ Long.MIN_VALUE);
      values[i] = v;
      c[i] = counts[Arrays.binarySearch(hashes, mix(Double.doubleToRawLongBits(v)))];
    }
    return new WeightedSample(values, c);
  }

  /** Sorted distinct values with positive counts. */
  record WeightedSample(double[] values, long[] counts) {
    long total() {
      long t = 0;
      for (long c : counts) {
        t += c;
      }
      return t;
    }
  }

  /** KS test of {@code current} against this profile (method AUTO on the sampled size). */
  public KsResult ks(double[] current) {
    return ks(current, KsMethod.AUTO);
  }

  /** KS test of {@code current} against this profile. */
  public KsResult ks(double[] current, KsMethod method) {
    requireNonEmpty();
    WeightedSample s = sample();
    return KolmogorovSmirnov.testWeighted(s.values(), s.counts(), DoubleSort.sortedCopy(current, "current"), method);
  }

  /** Wasserstein-1 distance of {@code current} from this profile. */
  public double wasserstein(double[] current) {
    requireNonEmpty();
    WeightedSample s = sample();
    return Wasserstein.distanceWeighted(s.values(), s.counts(), DoubleSort.sortedCopy(current, "current"));
  }

  /** Jensen-Shannon histogram and distance; edges exact, reference proportions from the sample. */
  public JsResult jensenShannon(double[] current) {
    requireNonEmpty();
    DoubleSort.requireFinite(current, "current");
    WeightedSample s = sample();
    double[] edges = JensenShannon.edges(min, max);
    long[] rc = new long[JensenShannon.BINS];
    double[] v = s.values();
    for (int i = 0; i < v.length; i++) {
      rc[JensenShannon.bin(edges, v[i])] += s.counts()[i];
    }
    long[] cc = new long[JensenShannon.BINS];
    JensenShannon.count(current, edges, cc);
    return new JsResult(new Histogram(edges, rc, cc), JensenShannon.distance(rc, cc));
  }

  /** Numeric PSI with decile edges from the (exact or sampled) reference. */
  public PsiResult psi(double[] current, double eps) {
    requireNonEmpty();
    DoubleSort.requireFinite(current, "current");
    WeightedSample s = sample();
    long n = s.total();
    long[] cum = new long[s.counts().length];
    long run = 0;
    for (int i = 0; i < cum.length; i++) {
      run += s.counts()[i];
      cum[i] = run;
    }
    double[] q = new double[Psi.BINS - 1];
    for (int j = 1; j < Psi.BINS; j++) {
      // np.quantile 'linear' on the expanded multiset, without expanding it.
      double h = (n - 1) * (j / 10.0);
      double fl = Math.floor(h);
      long lo = (long) fl;
      double g = h - fl;
      double a = at(s.values(), cum, lo);
      double b = at(s.values(), cum, Math.min(lo + 1, n - 1));
      double diff = b - a;
      q[j - 1] = g < 0.5 ? a + diff * g : b - diff * (1 - g);
    }
    long[] rc = new long[Psi.BINS];
    for (int i = 0; i < s.values().length; i++) {
      double x = s.values()[i];
      int bin = 0;
      for (double e : q) {
        bin += e <= x ? 1 : 0;
      }
      rc[bin] += s.counts()[i];
    }
    long[] cc = Psi.countCurrent(q, current);
    return new PsiResult(new Histogram(q, rc, cc), Psi.fromCounts(rc, cc, eps));
  }

  /** Value at 0-based position {@code idx} of the expanded sorted multiset. */
  private static double at(double[] values, long[] cum, long idx) {
    int lo = 0;
    int hi = cum.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cum[mid] > idx) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return values[lo];
  }

  private void requireNonEmpty() {
    if (count == 0) {
      throw new InvalidInputException("reference profile is empty");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NumericProfile p
        && capacity == p.capacity
        && count == p.count
        && Double.compare(min, p.min) == 0
        && Double.compare(max, p.max) == 0
        && Arrays.equals(hashes, p.hashes)
        && Arrays.equals(counts, p.counts);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(count) * 31 + Arrays.hashCode(hashes);
  }

  @Override
  public String toString() {
    return "NumericProfile[count=" + count + ", min=" + min + ", max=" + max + ", mean=" + mean
        + ", std=" + std() + ", kept=" + hashes.length + "/" + capacity + ", exact=" + isExact() + "]";
  }

  // ---- hashing: murmur3's fmix64, a bijection, so a kept hash decodes back to its value ----

  static long mix(long k) {
    k ^= k >>> 33;
    k *= M1;
    k ^= k >>> 33;
    k *= M2;
    k ^= k >>> 33;
    return k;
  }

  static long unmix(long k) {
    k ^= k >>> 33;
    k *= M2_INV;
    k ^= k >>> 33;
    k *= M1_INV;
    k ^= k >>> 33;
    return k;
  }

  private static long inverse(long a) {
    long x = a; // Newton iteration for the inverse of an odd number modulo 2^64
    for (int i = 0; i < 6; i++) {
      x *= 2 - a * x;
    }
    return x;
  }

  /** Merges two ascending hash lists summing counts of equal hashes; keeps the {@code cap} smallest. */
  private static long[][] mergeSorted(long[] ha, long[] ca, long[] hb, long[] cb, int cap) {
    long[] h = new long[Math.min(cap, ha.length + hb.length)];
    long[] c = new long[h.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (k < h.length && (i < ha.length || j < hb.length)) {
      if (j >= hb.length || (i < ha.length && ha[i] < hb[j])) {
        h[k] = ha[i];
        c[k++] = ca[i++];
      } else if (i >= ha.length || hb[j] < ha[i]) {
        h[k] = hb[j];
        c[k++] = cb[j++];
      } else {
        h[k] = ha[i];
        c[k++] = ca[i++] + cb[j++];
      }
    }
    return new long[][] {Arrays.copyOf(h, k), Arrays.copyOf(c, k)};
  }

  /** Accumulates values in one pass; not thread-safe. */
  public static final class Builder {
    private final int capacity;
    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;
    private long[] keptHashes = new long[0];
    private long[] keptCounts = new long[0];
    /** Hashes above this are never kept (the capacity-th smallest kept hash once full). */
    private long threshold = Long.MAX_VALUE;
    private boolean full;
    private final long[] buffer;
    private int buffered;

    private Builder(int capacity) {
      this.capacity = capacity;
      this.buffer = new long[Math.max(2 * capacity, 1024)];
    }

    /**
     * Adds one value.
     *
     * @throws InvalidInputException when the value is NaN or infinite
     */
    public Builder add(double v) {
      if (Double.isNaN(v - v)) {
        throw new InvalidInputException("reference contains a non-finite value: " + v);
      }
      if (v == 0.0) {
        v = 0.0; // -0.0 and 0.0 are one value
      }
      count++;
      double d = v - mean;
      mean += d / count;
      m2 += d * (v - mean);
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
      long h = mix(Double.doubleToRawLongBits(v));
      if (full && h > threshold) {
        return this;
      }
      buffer[buffered++] = h;
      if (buffered == buffer.length) {
        compact();
      }
      return this;
    }

    /** Adds every value. */
    public Builder addAll(double[] values) {
      for (double v : values) {
        add(v);
      }
      return this;
    }

    private void compact() {
      long[] b = Arrays.copyOf(buffer, buffered);
      Arrays.sort(b);
      int distinct = 0;
      long[] h = new long[b.length];
      long[] c = new long[b.length];
      for (int i = 0; i < b.length; ) {
        int j = i;
        while (j < b.length && b[j] == b[i]) {
          j++;
        }
        h[distinct] = b[i];
        c[distinct++] = j - i;
        i = j;
      }
      long[][] m =
          mergeSorted(keptHashes, keptCounts, Arrays.copyOf(h, distinct), Arrays.copyOf(c, distinct), capacity);
      keptHashes = m[0];
      keptCounts = m[1];
      if (keptHashes.length == capacity) {
        full = true;
        threshold = keptHashes[capacity - 1];
      }
      buffered = 0;
    }

    /** The profile of everything added so far. */
    public NumericProfile build() {
      compact();
      return new NumericProfile(capacity, count, count == 0 ? Double.NaN : min, count == 0 ? Double.NaN : max,
          count == 0 ? Double.NaN : mean, m2, keptHashes.clone(), keptCounts.clone());
    }
  }
}
