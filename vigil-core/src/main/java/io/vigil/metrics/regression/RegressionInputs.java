package io.vigil.metrics.regression;

import io.vigil.metrics.InvalidInputException;

/** Shared validation of (y_true, y_pred) arrays. */
final class RegressionInputs {
  private RegressionInputs() {}

  static void check(double[] yTrue, double[] yPred) {
    if (yTrue == null || yPred == null) {
      throw new InvalidInputException("missing input: y_true and y_pred must not be null");
    }
    if (yTrue.length != yPred.length) {
      throw new InvalidInputException(
          "length mismatch: y_true has " + yTrue.length + " rows, y_pred " + yPred.length);
    }
    if (yTrue.length == 0) {
      throw new InvalidInputException("empty input: no samples");
    }
  }

  static void checkFinite(double y, double yHat, long row) {
    if (!Double.isFinite(y) || !Double.isFinite(yHat)) {
      String what = Double.isNaN(y) || Double.isNaN(yHat) ? "NaN" : "infinite";
      throw new InvalidInputException(
          what + " value at row " + row + ": y_true=" + y + ", y_pred=" + yHat);
    }
  }
}
