/**
 * Score- and probability-based model-quality metrics that match scikit-learn 1.2.1: ROC AUC,
 * average precision, log loss, Brier score, ROC and precision-recall curves (binary), and
 * one-vs-rest / one-vs-one ROC AUC and log loss (multiclass).
 *
 * <p>All of these are rank- or row-based over the whole sample, so they take complete arrays
 * wrapped in validated holders ({@link io.vigil.metrics.probabilistic.BinaryScores},
 * {@link io.vigil.metrics.probabilistic.MulticlassScores}); there is no incremental form. Bad input
 * is rejected with {@link io.vigil.metrics.InvalidInputException}.
 */
package io.vigil.metrics.probabilistic;
