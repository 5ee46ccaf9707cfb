package io.vigil.series;

import java.util.Arrays;

/**
 * A column-oriented block of metric points (step, timestamp, value), used by the chunk codec and the
 * series merge. Arrays are owned by the block; {@code size} may be less than the array lengths so
 * that a block can be filled in place.
 */
public final class SeriesPoints {
  private long[] steps;
  private long[] timestamps;
  private double[] values;
  private int size;

  public SeriesPoints(int capacity) {
    steps = new long[Math.max(capacity, 1)];
    timestamps = new long[steps.length];
    values = new double[steps.length];
  }

  public static SeriesPoints of(long[] steps, long[] timestamps, double[] values) {
    if (steps.length != timestamps.length || steps.length != values.length) {
      throw new IllegalArgumentException("steps, timestamps and values differ in length");
    }
    SeriesPoints p = new SeriesPoints(steps.length);
    for (int i = 0; i < steps.length; i++) p.add(steps[i], timestamps[i], values[i]);
    return p;
  }

  public void add(long step, long timestamp, double value) {
    if (size == steps.length) {
      int cap = steps.length * 2;
      steps = Arrays.copyOf(steps, cap);
      timestamps = Arrays.copyOf(timestamps, cap);
      values = Arrays.copyOf(values, cap);
    }
    steps[size] = step;
    timestamps[size] = timestamp;
    values[size] = value;
    size++;
  }

  public int size() { return size; }
  public long step(int i) { return steps[i]; }
  public long timestamp(int i) { return timestamps[i]; }
  public double value(int i) { return values[i]; }

  /**
   * The total order of points within a series: step, then timestamp, then value as
   * {@link Double#compare} orders it (so -0.0 and 0.0 are distinct points and all NaNs are equal).
   */
  public static int compare(long s1, long t1, double v1, long s2, long t2, double v2) {
    int c = Long.compare(s1, s2);
    if (c != 0) return c;
    c = Long.compare(t1, t2);
    if (c != 0) return c;
    return Double.compare(v1, v2);
  }

  public int compare(int i, SeriesPoints other, int j) {
    return compare(steps[i], timestamps[i], values[i], other.steps[j], other.timestamps[j], other.values[j]);
  }

  /** Sorts by {@link #compare} and removes exact duplicates, in place. */
  public SeriesPoints sortAndDeduplicate() {
    boolean sorted = true;
    for (int i = 1; i < size && sorted; i++) sorted = compare(i - 1, this, i) < 0;
    if (sorted) return this;
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> compare(a, this, b));
    SeriesPoints out = new SeriesPoints(size);
    for (int k = 0; k < size; k++) {
      int i = order[k];
      if (out.size > 0 && compare(out.steps[out.size - 1], out.timestamps[out.size - 1], out.values[out.size - 1],
          steps[i], timestamps[i], values[i]) == 0) {
        continue;
      }
      out.add(steps[i], timestamps[i], values[i]);
    }
    steps = out.steps;
    timestamps = out.timestamps;
    values = out.values;
    size = out.size;
    return this;
  }

  /** Merges two sorted, duplicate-free blocks into one sorted, duplicate-free block. */
  public static SeriesPoints mergeSorted(SeriesPoints a, SeriesPoints b) {
    SeriesPoints out = new SeriesPoints(a.size + b.size);
    int i = 0;
    int j = 0;
    while (i < a.size || j < b.size) {
      int c = i == a.size ? 1 : j == b.size ? -1 : a.compare(i, b, j);
      if (c <= 0) {
        out.add(a.steps[i], a.timestamps[i], a.values[i]);
        i++;
        if (c == 0) j++;
      } else {
        out.add(b.steps[j], b.timestamps[j], b.values[j]);
        j++;
      }
    }
    return out;
  }

  /** Points [from, to) as a new block. */
  public SeriesPoints slice(int from, int to) {
    SeriesPoints out = new SeriesPoints(to - from);
    System.arraycopy(steps, from, out.steps, 0, to - from);
    System.arraycopy(timestamps, from, out.timestamps, 0, to - from);
    System.arraycopy(values, from, out.values, 0, to - from);
    out.size = to - from;
    return out;
  }
}
