package io.vigil.metrics;

/**
 * A streaming accumulator whose state can absorb another accumulator of the same kind, so that
 * partitions and time windows combine without revisiting rows. Merging A into B must give the
 * same result as adding A's rows to B (up to floating-point rounding).
 *
 * @param <T> the accumulator type
 */
public interface Mergeable<T> {
  /** Adds the state of {@code other} to this accumulator; {@code other} is left unchanged. */
  void merge(T other);

  /** Number of rows added so far (including merged ones). */
  long count();
}
