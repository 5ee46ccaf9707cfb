/**
 * Regression metrics (scikit-learn 1.2.1 semantics). {@link io.vigil.metrics.regression.RegressionAccumulator}
 * streams and merges every metric that reduces to sums; {@link
 * io.vigil.metrics.regression.ExactRegressionMetrics} holds the ones that need all rows (medians).
 */
package io.vigil.metrics.regression;
