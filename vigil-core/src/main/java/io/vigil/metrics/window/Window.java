package io.vigil.metrics.window;

/**
 * One non-empty tumbling window {@code [startMs, endMs)} and its accumulator.
 *
 * @param <A> accumulator type
 */
public record Window<A>(long startMs, long endMs, A accumulator) {}
