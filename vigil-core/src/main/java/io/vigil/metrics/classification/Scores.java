package io.vigil.metrics.classification;

/**
 * Precision, recall and F-beta of one class or one averaging mode.
 *
 * @param precision tp / (tp + fp), 0 when nothing was predicted
 * @param recall tp / (tp + fn), 0 when the class never occurs
 * @param f (1+β²)·P·R / (β²·P + R), 0 when P = R = 0 (for MACRO/WEIGHTED: the mean of per-class F)
 * @param beta the β of {@code f}
 */
public record Scores(double precision, double recall, double f, double beta) {}
