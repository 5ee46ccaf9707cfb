package io.vigil.metrics.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.metrics.InvalidInputException;
import org.junit.jupiter.api.Test;

class ExactRegressionMetricsTest {
  @Test
  void medianAbsoluteErrorAveragesTheTwoMiddleValuesForEvenCounts() {
    assertThat(ExactRegressionMetrics.medianAbsoluteError(new double[] {0, 0, 0, 0}, new double[] {1, 4, 2, 9}))
        .isEqualTo(3.0);
    assertThat(ExactRegressionMetrics.medianAbsoluteError(new double[] {0, 0, 0}, new double[] {1, -4, 2}))
        .isEqualTo(2.0);
  }

  @Test
  void d2AbsoluteErrorFollowsTheForceFiniteRules() {
    double[] y = {3, -0.5, 2, 7};
    assertThat(ExactRegressionMetrics.d2AbsoluteError(y, new double[] {2.5, 0.0, 2, 8}))
        .isCloseTo(0.7647058823529411, within(1e-15));
    assertThat(ExactRegressionMetrics.d2AbsoluteError(new double[] {1, 1}, new double[] {1, 1})).isEqualTo(1.0);
    assertThat(ExactRegressionMetrics.d2AbsoluteError(new double[] {1, 1}, new double[] {1, 2})).isEqualTo(0.0);
    assertThat(ExactRegressionMetrics.d2AbsoluteError(new double[] {1}, new double[] {2})).isNaN();
  }

  @Test
  void exactMetricsRejectEmptyMismatchedAndNaNInput() {
    assertThatThrownBy(() -> ExactRegressionMetrics.medianAbsoluteError(new double[0], new double[0]))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> ExactRegressionMetrics.d2AbsoluteError(new double[] {1}, new double[0]))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("length mismatch");
    assertThatThrownBy(() -> ExactRegressionMetrics.d2AbsoluteError(new double[] {1, 2}, new double[] {Double.NaN, 1}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("NaN");
  }
}
