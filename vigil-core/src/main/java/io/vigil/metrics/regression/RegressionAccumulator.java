package io.vigil.metrics.regression;

import io.vigil.metrics.InvalidInputException;
import io.vigil.metrics.Mergeable;

/**
 * Streaming regression metrics from sums, mergeable across partitions and windows: MSE, RMSE, MAE,
 * R², explained variance, MAPE, max error, MSLE and pinball loss for any alpha. Variances use
 * shifted Welford updates and Chan's merge, so R² and explained variance stay accurate even for large
 * offsets (values near 1e6 with errors near 1).
 */
public final class RegressionAccumulator implements Mergeable<RegressionAccumulator> {
  /** float64 machine epsilon: the floor of |y| in MAPE, as in scikit-learn. */
  public static final double MAPE_EPSILON = 2.220446049250313e-16;

  private long n;
  // y_true (for SS_tot) and the residual y - ŷ (for explained variance)
  private final Moments yMoments = new Moments();
  private final Moments eMoments = new Moments();
  private final NeumaierSum sqErr = new NeumaierSum();
  private final NeumaierSum absErr = new NeumaierSum();
  private final NeumaierSum ape = new NeumaierSum();
  private final NeumaierSum sqLogErr = new NeumaierSum();
  // pinball(a) = (a·Σ max(e,0) + (1−a)·Σ max(−e,0)) / n, so two sums serve every alpha
  private final NeumaierSum under = new NeumaierSum();
  private final NeumaierSum over = new NeumaierSum();
  private double maxAbsErr;
  private boolean negativeSeen;

  /** Adds one row; rejects NaN and infinite values. */
  public void add(double y, double yHat) {
    RegressionInputs.checkFinite(y, yHat, n);
    n++;
    double e = y - yHat;
    yMoments.add(y);
    eMoments.add(e);
    double ae = Math.abs(e);
    sqErr.add(e * e);
    absErr.add(ae);
    ape.add(ae / Math.max(Math.abs(y), MAPE_EPSILON));
    if (e >= 0) {
      under.add(e);
    } else {
      over.add(-e);
    }
    maxAbsErr = Math.max(maxAbsErr, ae);
    if (y < 0 || yHat < 0) {
      negativeSeen = true;
    } else {
      double d = Math.log1p(y) - Math.log1p(yHat);
      sqLogErr.add(d * d);
    }
  }

  /** Adds every row of two parallel arrays. */
  public void add(double[] yTrue, double[] yPred) {
    if (yTrue.length != yPred.length) {
      throw new InvalidInputException(
          "length mismatch: y_true has " + yTrue.length + " rows, y_pred " + yPred.length);
    }
    for (int i = 0; i < yTrue.length; i++) {
      add(yTrue[i], yPred[i]);
    }
  }

  @Override
  public void merge(RegressionAccumulator o) {
    if (o.n == 0) {
      return;
    }
    n += o.n;
    yMoments.merge(o.yMoments);
    eMoments.merge(o.eMoments);
    sqErr.merge(o.sqErr);
    absErr.merge(o.absErr);
    ape.merge(o.ape);
    sqLogErr.merge(o.sqLogErr);
    under.merge(o.under);
    over.merge(o.over);
    maxAbsErr = Math.max(maxAbsErr, o.maxAbsErr);
    negativeSeen |= o.negativeSeen;
  }

  @Override
  public long count() {
    return n;
  }

  /** Mean squared error. */
  public double mse() {
    return sqErr.value() / rows();
  }

  /** Root mean squared error. */
  public double rmse() {
    return Math.sqrt(mse());
  }

  /** Mean absolute error. */
  public double mae() {
    return absErr.value() / rows();
  }

  /** Mean of |y − ŷ| / max(|y|, ε): a fraction; y = 0 gives a huge value, not an error. */
  public double mape() {
    return ape.value() / rows();
  }

  /** Largest |y − ŷ|. */
  public double maxError() {
    rows();
    return maxAbsErr;
  }

  /**
   * R² with force_finite: constant y_true gives 1.0 for a perfect prediction and 0.0 otherwise; NaN
   * when fewer than 2 rows (the reference defines it so).
   */
  public double r2() {
    if (rows() < 2) {
      return Double.NaN;
    }
    double ssRes = sqErr.value();
    if (yMoments.m2() == 0) {
      return ssRes == 0 ? 1.0 : 0.0;
    }
    return 1.0 - ssRes / yMoments.m2();
  }

  /** 1 − var(y − ŷ)/var(y) with force_finite: 1.0 when var(y − ŷ) = 0, 0.0 when only var(y) = 0. */
  public double explainedVariance() {
    rows();
    if (eMoments.m2() == 0) {
      return 1.0;
    }
    if (yMoments.m2() == 0) {
      return 0.0;
    }
    return 1.0 - eMoments.m2() / yMoments.m2();
  }

  /**
   * Mean squared logarithmic error, mean((ln(1+y) − ln(1+ŷ))²).
   *
   * @throws InvalidInputException when any y_true or y_pred was negative
   */
  public double msle() {
    rows();
    if (negativeSeen) {
      throw new InvalidInputException("MSLE is undefined: y_true or y_pred contains negative values");
    }
    return sqLogErr.value() / n;
  }

  /** Mean pinball loss at quantile {@code alpha} ∈ [0, 1]. */
  public double pinball(double alpha) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new InvalidInputException("pinball alpha must be in [0, 1], got " + alpha);
    }
    rows();
    return (alpha * under.value() + (1 - alpha) * over.value()) / n;
  }

  /** The streamable metrics as one record. */
  public RegressionSummary result() {
    return new RegressionSummary(n, mse(), rmse(), mae(), r2(), explainedVariance(), mape(), maxError());
  }

  private long rows() {
    if (n == 0) {
      throw new InvalidInputException("empty input: no samples");
    }
    return n;
  }
}
