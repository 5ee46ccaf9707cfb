package io.vigil.client;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded multi-producer, single-consumer ring of metric points held in primitive arrays (no
 * object per point). Producers claim a sequence number with a CAS on {@code head}, write the slot,
 * then publish it with a release store of the sequence into {@code published}; the one consumer
 * reads slots in sequence order, so points come out exactly in the order they were claimed, and
 * frees them by advancing {@code tail}.
 */
final class MetricRing {
  private final int mask;
  final int capacity;
  private final int[] runs;
  private final int[] keys;
  private final double[] values;
  private final long[] steps;
  private final long[] timestamps;
  private final AtomicLongArray published;
  private final AtomicLong head = new AtomicLong();
  private volatile long tail;

  MetricRing(int requestedCapacity) {
    int c = 2;
    while (c < requestedCapacity) c <<= 1;
    capacity = c;
    mask = c - 1;
    runs = new int[c];
    keys = new int[c];
    values = new double[c];
    steps = new long[c];
    timestamps = new long[c];
    published = new AtomicLongArray(c);
    for (int i = 0; i < c; i++) published.set(i, -1);
  }

  /** Claims, writes and publishes one point; returns its sequence, or -1 when the ring is full. */
  long offer(int run, int key, double value, long step, long timestamp) {
    long h;
    do {
      h = head.get();
      if (h - tail >= capacity) return -1;
    } while (!head.compareAndSet(h, h + 1));
    int i = (int) (h & mask);
    runs[i] = run;
    keys[i] = key;
    values[i] = value;
    steps[i] = step;
    timestamps[i] = timestamp;
    published.lazySet(i, h);
    return h;
  }

  /** The next sequence to be claimed: everything below it is claimed (maybe not yet published). */
  long head() {
    return head.get();
  }

  /** The oldest sequence still held. */
  long tail() {
    return tail;
  }

  /** Points claimed but not yet freed. */
  long size() {
    return head.get() - tail;
  }

  /** Whether the slot of {@code seq} has been written (consumer side). */
  boolean isPublished(long seq) {
    return published.get((int) (seq & mask)) == seq;
  }

  /** Waits (spinning, then yielding) until {@code seq}, already claimed, is published. */
  void awaitPublished(long seq) {
    int spins = 0;
    while (!isPublished(seq)) {
      if (++spins < 100) Thread.onSpinWait();
      else Thread.yield();
    }
  }

  int run(long seq) { return runs[(int) (seq & mask)]; }

  int key(long seq) { return keys[(int) (seq & mask)]; }

  double value(long seq) { return values[(int) (seq & mask)]; }

  long step(long seq) { return steps[(int) (seq & mask)]; }

  long timestamp(long seq) { return timestamps[(int) (seq & mask)]; }

  /** Frees every slot below {@code seq} (consumer only). */
  void release(long seq) {
    tail = seq;
  }
}
