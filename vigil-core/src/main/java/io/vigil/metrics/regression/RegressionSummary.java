package io.vigil.metrics.regression;

/**
 * The streamable regression metrics of one set of rows.
 *
 * @param count number of rows
 * @param mse mean squared error
 * @param rmse square root of {@code mse}
 * @param mae mean absolute error
 * @param r2 coefficient of determination (force_finite; NaN when count &lt; 2)
 * @param explainedVariance explained variance score (force_finite)
 * @param mape mean absolute percentage error, as a fraction
 * @param maxError largest absolute error
 */
public record RegressionSummary(
    long count, double mse, double rmse, double mae, double r2, double explainedVariance, double mape, double maxError) {}
