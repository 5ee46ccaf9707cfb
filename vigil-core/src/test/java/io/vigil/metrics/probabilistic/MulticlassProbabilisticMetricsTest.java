package io.vigil.metrics.probabilistic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.metrics.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MulticlassProbabilisticMetricsTest {
  private static final List<String> LABELS = List.of("x", "y", "z");
  private static final double[][] ROWS = {
    {0.6, 0.3, 0.1}, {0.2, 0.5, 0.3}, {0.2, 0.2, 0.6}, {0.4, 0.4, 0.2},
    {0.3, 0.4, 0.3}, {0.5, 0.1, 0.4}, {0.3, 0.3, 0.4}, {0.1, 0.1, 0.8}
  };
  private static final MulticlassScores<String> SMALL =
      MulticlassScores.of(List.of("x", "y", "z", "x", "y", "z", "x", "y"), ROWS, LABELS);

  @Test
  void rocAucOvr_matchesScikitLearnOnSmallTiedExample() {
    assertThat(MulticlassProbabilisticMetrics.rocAucOvrPerClass(SMALL))
        .containsExactly(
            new double[] {0.8333333333333333, 0.6666666666666665, 0.7916666666666667},
            within(1e-12));
    assertThat(MulticlassProbabilisticMetrics.rocAucOvrMacro(SMALL))
        .isCloseTo(0.7638888888888888, within(1e-12));
    assertThat(MulticlassProbabilisticMetrics.rocAucOvrWeighted(SMALL))
        .isCloseTo(0.7604166666666667, within(1e-12));
  }

  @Test
  void rocAucOvo_isHandAndTillMacro() {
    assertThat(MulticlassProbabilisticMetrics.rocAucOvoMacro(SMALL))
        .isCloseTo(0.7592592592592594, within(1e-12));
  }

  @Test
  void rocAuc_rejectsRowsThatDoNotSumToOne() {
    MulticlassScores<Integer> s =
        MulticlassScores.of(new int[] {0, 1, 2}, new double[][] {{0.5, 0.5, 0}, {0.2, 0.2, 0.2}, {0, 0, 1}}, new int[] {0, 1, 2});
    assertThatThrownBy(() -> MulticlassProbabilisticMetrics.rocAucOvrMacro(s))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("row 1");
    assertThatThrownBy(() -> MulticlassProbabilisticMetrics.rocAucOvoMacro(s))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void logLoss_renormalisesRowsThatDoNotSumToOne() {
    MulticlassScores<Integer> s =
        MulticlassScores.of(new int[] {0, 1}, new double[][] {{0.5, 0.5, 0.5}, {0.2, 0.2, 0.0}}, new int[] {0, 1, 2});
    double eps = Math.ulp(1.0);
    double expected = (-Math.log(1.0 / 3) - Math.log(0.2 / (0.4 + eps))) / 2;
    assertThat(MulticlassProbabilisticMetrics.logLoss(s)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void logLoss_rejectsProbabilityOutsideUnitInterval() {
    MulticlassScores<Integer> s =
        MulticlassScores.of(new int[] {0, 1}, new double[][] {{1.2, -0.2}, {0.3, 0.7}}, new int[] {0, 1});
    assertThatThrownBy(() -> MulticlassProbabilisticMetrics.logLoss(s))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("[0, 1]");
  }

  @Test
  void rocAucOvr_rejectsLabelWithoutSampleButOvoIgnoresIt() {
    MulticlassScores<Integer> s =
        MulticlassScores.of(
            new int[] {0, 1, 0, 1},
            new double[][] {{0.7, 0.2, 0.1}, {0.3, 0.6, 0.1}, {0.4, 0.5, 0.1}, {0.2, 0.3, 0.5}},
            new int[] {0, 1, 2});
    assertThatThrownBy(() -> MulticlassProbabilisticMetrics.rocAucOvrPerClass(s))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("label 2");
    // Pair (0,1) only: AUC(0|1) = 1 by column 0, AUC(1|0) = 0.75 by column 1.
    assertThat(MulticlassProbabilisticMetrics.rocAucOvoMacro(s)).isCloseTo(0.875, within(1e-15));
  }

  @Test
  void rocAucOvo_rejectsSingleClassInYTrue() {
    MulticlassScores<Integer> s =
        MulticlassScores.of(new int[] {1, 1}, new double[][] {{0.5, 0.5}, {0.1, 0.9}}, new int[] {0, 1});
    assertThatThrownBy(() -> MulticlassProbabilisticMetrics.rocAucOvoMacro(s))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("only one class");
  }

  @Test
  void logLoss_acceptsSingleClassInYTrueBecauseLabelsAreGiven() {
    MulticlassScores<Integer> s =
        MulticlassScores.of(new int[] {1, 1}, new double[][] {{0.5, 0.5}, {0.5, 0.5}}, new int[] {0, 1});
    assertThat(MulticlassProbabilisticMetrics.logLoss(s)).isCloseTo(Math.log(2), within(1e-15));
  }
}
