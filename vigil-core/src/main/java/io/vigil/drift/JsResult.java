package io.vigil.drift;

/**
 * Jensen-Shannon comparison of two samples.
 *
 * @param histogram the 10-bin histogram over the reference range
 * @param distance Jensen-Shannon distance, base 2, in [0, 1]
 */
public record JsResult(Histogram histogram, double distance) {}
