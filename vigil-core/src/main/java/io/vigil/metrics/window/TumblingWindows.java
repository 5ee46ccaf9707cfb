package io.vigil.metrics.window;

import io.vigil.metrics.InvalidInputException;
import io.vigil.metrics.Mergeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Epoch-aligned tumbling windows: a timestamp {@code ts} belongs to {@code [floor(ts/W)·W,
 * floor(ts/W)·W + W)} with mathematical floor (also for negative timestamps), so a timestamp on a
 * boundary opens the new window. Each window owns one accumulator; windows with no rows do not
 * exist. Two instances with the same width merge window by window, so partitions of a stream (in
 * any order) combine without revisiting rows.
 *
 * @param <A> accumulator type
 */
public final class TumblingWindows<A extends Mergeable<A>> implements Mergeable<TumblingWindows<A>> {
  private final long widthMs;
  private final Supplier<A> factory;
  private final TreeMap<Long, A> windows = new TreeMap<>();

  /**
   * @param widthMs window width W in milliseconds, &gt; 0
   * @param factory creates an empty accumulator for a new window
   */
  public TumblingWindows(long widthMs, Supplier<A> factory) {
    if (widthMs <= 0) {
      throw new InvalidInputException("window width must be > 0 ms, got " + widthMs);
    }
    this.widthMs = widthMs;
    this.factory = factory;
  }

  /** Start of the window containing {@code ts}. */
  public long windowStart(long ts) {
    return Math.floorDiv(ts, widthMs) * widthMs;
  }

  /** The accumulator of the window containing {@code ts}, created when absent; add the row to it. */
  public A at(long timestampMs) {
    return windows.computeIfAbsent(windowStart(timestampMs), s -> factory.get());
  }

  /** Drops the windows that start before {@code startMs} (e.g. final ones, to bound memory). */
  public void dropBefore(long startMs) {
    windows.headMap(startMs).clear();
  }

  @Override
  public void merge(TumblingWindows<A> other) {
    if (other.widthMs != widthMs) {
      throw new InvalidInputException(
          "cannot merge windows of " + other.widthMs + " ms into windows of " + widthMs + " ms");
    }
    for (Map.Entry<Long, A> e : other.windows.entrySet()) {
      windows.computeIfAbsent(e.getKey(), s -> factory.get()).merge(e.getValue());
    }
  }

  @Override
  public long count() {
    long c = 0;
    for (A a : windows.values()) {
      c += a.count();
    }
    return c;
  }

  /** The windows that hold at least one row, by increasing start time. */
  public List<Window<A>> windows() {
    List<Window<A>> out = new ArrayList<>(windows.size());
    for (Map.Entry<Long, A> e : windows.entrySet()) {
      if (e.getValue().count() > 0) {
        out.add(new Window<>(e.getKey(), e.getKey() + widthMs, e.getValue()));
      }
    }
    return out;
  }

  /** Window width in milliseconds. */
  public long widthMs() {
    return widthMs;
  }
}
