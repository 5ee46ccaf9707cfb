package io.vigil.metrics.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.metrics.InvalidInputException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegressionAccumulatorTest {
  private static double rel(double a, double b) {
    return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  }

  @Test
  void mergeOverPartitionsEqualsOnePassForEveryMetric() {
    Random rnd = new Random(5);
    int n = 10_000;
    double[] y = new double[n];
    double[] yHat = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = 1e6 + 1000 * rnd.nextGaussian(); // large offset: naive sum-of-squares would lose digits
      yHat[i] = y[i] + 30 * rnd.nextGaussian() + 2;
    }
    RegressionAccumulator one = RegressionMetrics.accumulate(y, yHat);
    RegressionAccumulator merged = new RegressionAccumulator();
    int[] cuts = {0, 1, 17, 2500, 2501, 9000, n};
    for (int c = 0; c + 1 < cuts.length; c++) {
      RegressionAccumulator part = new RegressionAccumulator();
      for (int i = cuts[c]; i < cuts[c + 1]; i++) {
        part.add(y[i], yHat[i]);
      }
      merged.merge(part);
    }
    merged.merge(new RegressionAccumulator()); // an empty partition changes nothing
    assertThat(merged.count()).isEqualTo(n);
    assertThat(rel(merged.mse(), one.mse())).isLessThan(1e-13);
    assertThat(rel(merged.mae(), one.mae())).isLessThan(1e-13);
    assertThat(rel(merged.r2(), one.r2())).isLessThan(1e-12);
    assertThat(rel(merged.explainedVariance(), one.explainedVariance())).isLessThan(1e-12);
    assertThat(rel(merged.mape(), one.mape())).isLessThan(1e-13);
    assertThat(rel(merged.msle(), one.msle())).isLessThan(1e-12);
    assertThat(rel(merged.pinball(0.9), one.pinball(0.9))).isLessThan(1e-13);
    assertThat(merged.maxError()).isEqualTo(one.maxError());
  }

  @Test
  void r2AndExplainedVarianceMatchTwoPassFormulasAtLargeOffsets() {
    Random rnd = new Random(9);
    int n = 1000;
    double[] y = new double[n];
    double[] yHat = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = 1e8 + rnd.nextGaussian();
      yHat[i] = y[i] + 0.1 * rnd.nextGaussian();
    }
    double my = 0;
    for (double v : y) my += v;
    my /= n;
    double ssTot = 0;
    double ssRes = 0;
    for (int i = 0; i < n; i++) {
      ssTot += (y[i] - my) * (y[i] - my);
      ssRes += (y[i] - yHat[i]) * (y[i] - yHat[i]);
    }
    assertThat(RegressionMetrics.r2(y, yHat)).isCloseTo(1 - ssRes / ssTot, within(1e-12));
  }

  @Test
  void r2IsOneForPerfectConstantTargetZeroOtherwiseAndNaNForOneRow() {
    assertThat(RegressionMetrics.r2(new double[] {2, 2}, new double[] {2, 2})).isEqualTo(1.0);
    assertThat(RegressionMetrics.r2(new double[] {2, 2}, new double[] {2, 3})).isEqualTo(0.0);
    assertThat(RegressionMetrics.r2(new double[] {2}, new double[] {3})).isNaN();
  }

  @Test
  void explainedVarianceIsOneWhenResidualIsConstant() {
    assertThat(RegressionMetrics.explainedVariance(new double[] {2, 2}, new double[] {3, 3})).isEqualTo(1.0);
    assertThat(RegressionMetrics.explainedVariance(new double[] {2}, new double[] {3})).isEqualTo(1.0);
    assertThat(RegressionMetrics.explainedVariance(new double[] {2, 2}, new double[] {3, 4})).isEqualTo(0.0);
  }

  @Test
  void mapeIsAFractionAndHugeForZeroTargets() {
    assertThat(RegressionMetrics.mape(new double[] {2, 4}, new double[] {3, 3})).isEqualTo(0.375);
    assertThat(RegressionMetrics.mape(new double[] {0}, new double[] {1})).isEqualTo(1 / 2.220446049250313e-16);
  }

  @Test
  void pinballWeightsUnderAndOverPredictionByAlpha() {
    double[] y = {3, -0.5, 2, 7};
    double[] yHat = {2.5, 0.0, 2, 8};
    assertThat(RegressionMetrics.pinball(y, yHat, 0.1)).isCloseTo(0.35, within(1e-15));
    assertThat(RegressionMetrics.pinball(y, yHat, 0.9)).isCloseTo(0.15, within(1e-15));
  }

  @Test
  void msleRejectsNegativeValues() {
    assertThatThrownBy(() -> RegressionMetrics.msle(new double[] {1, -1}, new double[] {1, 1}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> RegressionMetrics.msle(new double[] {1, 1}, new double[] {1, -0.5}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("negative");
  }

  @Test
  void emptyInputIsRejected() {
    assertThatThrownBy(() -> RegressionMetrics.mse(new double[0], new double[0]))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> new RegressionAccumulator().result())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void lengthMismatchIsRejected() {
    assertThatThrownBy(() -> RegressionMetrics.mae(new double[] {1, 2}, new double[] {1}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("length mismatch");
  }

  @Test
  void nanAndInfiniteValuesAreRejected() {
    assertThatThrownBy(() -> RegressionMetrics.mae(new double[] {1, Double.NaN}, new double[] {1, 2}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("NaN value at row 1");
    assertThatThrownBy(() -> RegressionMetrics.mae(new double[] {1}, new double[] {Double.POSITIVE_INFINITY}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("infinite value at row 0");
  }

  @Test
  void missingArrayIsRejected() {
    assertThatThrownBy(() -> RegressionMetrics.mae(null, new double[] {1}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("missing input");
  }

  @Test
  void pinballAlphaOutsideUnitIntervalIsRejected() {
    assertThatThrownBy(() -> RegressionMetrics.pinball(new double[] {1}, new double[] {1}, 1.5))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("alpha");
  }
}
