package io.vigil.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.metrics.regression.ExactRegressionMetrics;
import io.vigil.metrics.regression.RegressionAccumulator;
import io.vigil.metrics.regression.RegressionMetrics;

/** Golden evaluator for regression.json. */
final class RegressionGolden implements GoldenEvaluator {
  @Override
  public Object compute(String kind, JsonNode inputs, JsonNode params, String key) {
    double[] y = GoldenJson.doubles(inputs.path("y_true"));
    double[] yHat = GoldenJson.doubles(inputs.path("y_pred"));
    RegressionAccumulator acc = RegressionMetrics.accumulate(y, yHat);
    if (key == null) {
      return acc.result();
    }
    if (key.startsWith("pinball_")) {
      return acc.pinball(Double.parseDouble(key.substring("pinball_".length())));
    }
    switch (key) {
      case "mse": return acc.mse();
      case "rmse": return acc.rmse();
      case "mae": return acc.mae();
      case "r2": return acc.r2();
      case "explained_variance": return acc.explainedVariance();
      case "mape": return acc.mape();
      case "max_error": return acc.maxError();
      case "msle": return acc.msle();
      case "median_absolute_error": return ExactRegressionMetrics.medianAbsoluteError(y, yHat);
      case "d2_absolute_error": return ExactRegressionMetrics.d2AbsoluteError(y, yHat);
      default: throw new UnsupportedOperationException("unknown key " + key);
    }
  }
}
