package io.vigil.metrics.probabilistic;

import java.util.Arrays;

/**
 * Ascending sort of finite scores without boxing, on an order-preserving long encoding.
 *
 * <p>{@link #encode} maps a double to a long whose signed order is the numeric order of the
 * doubles, folding {@code -0.0} into {@code 0.0} so that the two form one tie, as in NumPy. Equal
 * keys are equal scores, so the AUC merge can work on the keys directly. Large arrays use an LSD
 * radix sort with 11-bit digits, skipping digits that all keys share: for the million-score
 * arrays that ROC AUC sees this is several times faster than a comparison sort.
 */
final class ScoreSort {
  private static final int RADIX_MIN = 2048;
  private static final int BITS = 11;
  private static final int BUCKETS = 1 << BITS;
  private static final int MASK = BUCKETS - 1;
  private static final int PASSES = (64 + BITS - 1) / BITS;

  private ScoreSort() {}

  /** Order-preserving key of a finite double (signed long order = double order). */
  static long encode(double x) {
    long bits = Double.doubleToRawLongBits(x + 0.0); // x + 0.0 turns -0.0 into 0.0
    // Negative doubles order by decreasing magnitude: flip their magnitude bits.
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  /** Inverse of {@link #encode}. */
  static double decode(long key) {
    return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
  }

  /** Encoded keys of {@code values}, sorted ascending. */
  static long[] sortedKeys(double[] values) {
    long[] keys = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      keys[i] = encode(values[i]);
    }
    return sort(keys, keys.length);
  }

  /** Sorts the first {@code n} keys; returns the array that holds them sorted (maybe a new one). */
  static long[] sort(long[] keys, int n) {
    if (n < RADIX_MIN) {
      Arrays.sort(keys, 0, n);
      return keys;
    }
    int[][] counts = new int[PASSES][BUCKETS];
    int[] c0 = counts[0];
    int[] c1 = counts[1];
    int[] c2 = counts[2];
    int[] c3 = counts[3];
    int[] c4 = counts[4];
    int[] c5 = counts[5];
    for (int i = 0; i < n; i++) {
      long k = keys[i] ^ Long.MIN_VALUE; // unsigned view: the sign bit sorts in the top digit
      c0[(int) k & MASK]++;
      c1[(int) (k >>> 11) & MASK]++;
      c2[(int) (k >>> 22) & MASK]++;
      c3[(int) (k >>> 33) & MASK]++;
      c4[(int) (k >>> 44) & MASK]++;
      c5[(int) (k >>> 55) & MASK]++;
    }
    long[] src = keys;
    long[] dst = null;
    long first = keys[0] ^ Long.MIN_VALUE;
    for (int p = 0; p < PASSES; p++) {
      int shift = p * BITS;
      int[] c = counts[p];
      // A digit that every key shares would only copy the array: skip the pass.
      if (c[(int) (first >>> shift) & MASK] == n) {
        continue;
      }
      if (dst == null) {
        dst = new long[n];
      }
      int sum = 0;
      for (int b = 0; b < BUCKETS; b++) {
        int t = c[b];
        c[b] = sum;
        sum += t;
      }
      for (int i = 0; i < n; i++) {
        long k = src[i];
        dst[c[(int) ((k ^ Long.MIN_VALUE) >>> shift) & MASK]++] = k;
      }
      long[] t = src;
      src = dst;
      dst = t;
    }
    return src;
  }
}
