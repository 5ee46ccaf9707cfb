package io.vigil.metrics.regression;

/**
 * One-shot regression metrics over whole arrays; each call validates the input (non-empty, equal
 * lengths, finite) and runs a {@link RegressionAccumulator}.
 */
public final class RegressionMetrics {
  private RegressionMetrics() {}

  /** Accumulates both arrays after validation. */
  public static RegressionAccumulator accumulate(double[] yTrue, double[] yPred) {
    RegressionInputs.check(yTrue, yPred);
    RegressionAccumulator acc = new RegressionAccumulator();
    acc.add(yTrue, yPred);
    return acc;
  }

  /** All streamable metrics at once. */
  public static RegressionSummary summary(double[] yTrue, double[] yPred) {
    return accumulate(yTrue, yPred).result();
  }

  public static double mse(double[] yTrue, double[] yPred) {
    return accumulate(yTrue, yPred).mse();
  }

  public static double rmse(double[] yTrue, double[] yPred) {
    return accumulate(yTrue, yPred).rmse();
  }

  public static double mae(double[] yTrue, double[] yPred) {
    return accumulate(yTrue, yPred).mae();
  }

  public static double r2(double[] yTrue, double[] yPred) {
    return accumulate(yTrue, yPred).r2();
  }

  public static double explainedVariance(double[] yTrue, double[] yPred) {
    return accumulate(yTrue, yPred).explainedVariance();
  }

  public static double mape(double[] yTrue, double[] yPred) {
    return accumulate(yTrue, yPred).mape();
  }

  public static double maxError(double[] yTrue, double[] yPred) {
    return accumulate(yTrue, yPred).maxError();
  }

  public static double msle(double[] yTrue, double[] yPred) {
    return accumulate(yTrue, yPred).msle();
  }

  public static double pinball(double[] yTrue, double[] yPred, double alpha) {
    return accumulate(yTrue, yPred).pinball(alpha);
  }
}
