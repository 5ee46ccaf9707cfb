package io.vigil.metrics.probabilistic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.metrics.InvalidInputException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryProbabilisticMetricsTest {
  private static final BinaryScores DOC_EXAMPLE =
      BinaryScores.of(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8}, 1);

  @Test
  void rocAuc_matchesScikitLearnDocExample() {
    assertThat(BinaryProbabilisticMetrics.rocAuc(DOC_EXAMPLE)).isEqualTo(0.75);
  }

  @Test
  void rocAuc_countsTiedScoresAsHalf() {
    BinaryScores s = BinaryScores.of(new int[] {0, 1, 0, 1}, new double[] {0.5, 0.5, 0.5, 0.5}, 1);
    assertThat(BinaryProbabilisticMetrics.rocAuc(s)).isEqualTo(0.5);
  }

  @Test
  void rocAuc_treatsNegativeZeroAndZeroAsOneTie() {
    BinaryScores s = BinaryScores.of(new int[] {0, 1}, new double[] {-0.0, 0.0}, 1);
    assertThat(BinaryProbabilisticMetrics.rocAuc(s)).isEqualTo(0.5);
  }

  @Test
  void rocAuc_rejectsSingleClass() {
    BinaryScores s = BinaryScores.of(new int[] {1, 1, 1}, new double[] {0.2, 0.4, 0.9}, 1);
    assertThatThrownBy(() -> BinaryProbabilisticMetrics.rocAuc(s))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("only one class");
  }

  @Test
  void rocAuc_onLargeTiedInputEqualsPairCountingAndTrapezoidArea() {
    Random r = new Random(7);
    int n = 6000; // above the radix-sort cut-over
    int[] y = new int[n];
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(3) == 0 ? 1 : 0;
      s[i] = Math.round((r.nextGaussian() + y[i]) * 20) / 20.0; // many ties, negative values
    }
    long wins2 = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      if (y[i] != 1) continue;
      for (int j = 0; j < n; j++) {
        if (y[j] != 0) continue;
        pairs++;
        wins2 += s[i] > s[j] ? 2 : s[i] == s[j] ? 1 : 0;
      }
    }
    BinaryScores b = BinaryScores.of(y, s, 1);
    double auc = BinaryProbabilisticMetrics.rocAuc(b);
    assertThat(auc).isCloseTo(wins2 / (2.0 * pairs), within(1e-12));
    RocCurve c = BinaryProbabilisticMetrics.rocCurve(b, true);
    double area = 0;
    for (int k = 1; k < c.size(); k++) {
      area += (c.fpr()[k] - c.fpr()[k - 1]) * (c.tpr()[k] + c.tpr()[k - 1]) / 2;
    }
    assertThat(area).isCloseTo(auc, within(1e-12));
  }

  @Test
  void averagePrecision_isZeroWithoutPositives() {
    BinaryScores s = BinaryScores.of(new int[] {0, 0}, new double[] {0.3, 0.7}, 1);
    assertThat(BinaryProbabilisticMetrics.averagePrecision(s)).isEqualTo(0.0);
  }

  @Test
  void averagePrecision_isNotInterpolated() {
    assertThat(BinaryProbabilisticMetrics.averagePrecision(DOC_EXAMPLE))
        .isCloseTo(0.8333333333333333, within(1e-15));
  }

  @Test
  void logLoss_clipsCertainWrongPredictionsAtMachineEpsilon() {
    BinaryScores s = BinaryScores.of(new int[] {1, 0}, new double[] {0.0, 0.0}, 1);
    double expected = -Math.log(Math.ulp(1.0)) / 2; // second sample: -ln(1 - eps) ~ 2.2e-16
    assertThat(BinaryProbabilisticMetrics.logLoss(s)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void logLoss_rejectsProbabilityAboveOne() {
    BinaryScores s = BinaryScores.of(new int[] {0, 1}, new double[] {0.2, 1.5}, 1);
    assertThatThrownBy(() -> BinaryProbabilisticMetrics.logLoss(s))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("[0, 1]");
  }

  @Test
  void logLoss_rejectsSingleClass() {
    BinaryScores s = BinaryScores.of(new int[] {0, 0}, new double[] {0.2, 0.5}, 1);
    assertThatThrownBy(() -> BinaryProbabilisticMetrics.logLoss(s))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("only one class");
  }

  @Test
  void brierScore_rejectsNegativeProbability() {
    BinaryScores s = BinaryScores.of(new int[] {0, 1}, new double[] {-0.1, 0.5}, 1);
    assertThatThrownBy(() -> BinaryProbabilisticMetrics.brierScore(s))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("[0, 1]");
  }

  @Test
  void brierScore_isDefinedForSingleClass() {
    BinaryScores s = BinaryScores.of(new int[] {0, 0}, new double[] {0.2, 0.4}, 1);
    assertThat(BinaryProbabilisticMetrics.brierScore(s)).isCloseTo(0.1, within(1e-15));
  }

  @Test
  void rocCurve_startsAtOriginWithMaxScorePlusOne() {
    RocCurve c = BinaryProbabilisticMetrics.rocCurve(DOC_EXAMPLE, true);
    assertThat(c.thresholds()).containsExactly(1.8, 0.8, 0.4, 0.35, 0.1);
    assertThat(c.fpr()).containsExactly(0.0, 0.0, 0.5, 0.5, 1.0);
    assertThat(c.tpr()).containsExactly(0.0, 0.5, 0.5, 1.0, 1.0);
  }

  @Test
  void rocCurve_dropIntermediateKeepsOnlyCorners() {
    BinaryScores s = BinaryScores.of(new int[] {1, 1, 1, 0, 0}, new double[] {0.9, 0.8, 0.7, 0.6, 0.5}, 1);
    assertThat(BinaryProbabilisticMetrics.rocCurve(s, true).thresholds())
        .containsExactly(1.9, 0.9, 0.7, 0.5);
    assertThat(BinaryProbabilisticMetrics.rocCurve(s, false).size()).isEqualTo(6);
  }

  @Test
  void rocCurve_givesNaNTruePositiveRateWithoutPositives() {
    BinaryScores s = BinaryScores.of(new int[] {0, 0}, new double[] {0.2, 0.4}, 1);
    RocCurve c = BinaryProbabilisticMetrics.rocCurve(s, true);
    assertThat(c.tpr()).containsOnly(Double.NaN);
    assertThat(c.fpr()).containsExactly(0.0, 0.5, 1.0);
  }

  @Test
  void precisionRecallCurve_runsOverIncreasingThresholdsAndEndsAtPrecisionOne() {
    PrecisionRecallCurve c = BinaryProbabilisticMetrics.precisionRecallCurve(DOC_EXAMPLE);
    assertThat(c.thresholds()).containsExactly(0.1, 0.35, 0.4, 0.8);
    assertThat(c.recall()).containsExactly(1.0, 1.0, 0.5, 0.5, 0.0);
    assertThat(c.precision()[0]).isEqualTo(0.5);
    assertThat(c.precision()[4]).isEqualTo(1.0);
  }

  @Test
  void curves_areValuesComparedByContent() {
    assertThat(BinaryProbabilisticMetrics.rocCurve(DOC_EXAMPLE, true))
        .isEqualTo(BinaryProbabilisticMetrics.rocCurve(DOC_EXAMPLE, true));
  }
}
