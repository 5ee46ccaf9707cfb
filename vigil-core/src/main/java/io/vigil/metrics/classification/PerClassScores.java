package io.vigil.metrics.classification;

import java.util.List;

/**
 * Per-class precision, recall, F-beta and support, in {@code labels} order.
 *
 * @param <L> label type
 */
public record PerClassScores<L>(
    List<L> labels, double[] precision, double[] recall, double[] f, long[] support, double beta) {}
