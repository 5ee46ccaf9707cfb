package io.vigil.metrics.probabilistic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.metrics.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryScoresTest {
  @Test
  void of_rejectsEmptyInput() {
    assertThatThrownBy(() -> BinaryScores.of(new int[0], new double[0], 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void of_rejectsLengthMismatch() {
    assertThatThrownBy(() -> BinaryScores.of(new int[] {0, 1, 1}, new double[] {0.1, 0.2}, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("length mismatch");
  }

  @Test
  void of_rejectsNaNScore() {
    assertThatThrownBy(() -> BinaryScores.of(new int[] {0, 1}, new double[] {0.1, Double.NaN}, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("y_score[1]");
  }

  @Test
  void of_rejectsInfiniteScore() {
    assertThatThrownBy(
            () -> BinaryScores.of(new int[] {0, 1}, new double[] {Double.NEGATIVE_INFINITY, 1}, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("finite");
  }

  @Test
  void of_rejectsNaNLabel() {
    assertThatThrownBy(
            () -> BinaryScores.of(Arrays.asList(0.0, Double.NaN), new double[] {0.1, 0.2}, 1.0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void of_rejectsNullLabel() {
    assertThatThrownBy(() -> BinaryScores.of(Arrays.asList("a", null), new double[] {0.1, 0.2}, "a"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("null");
  }

  @Test
  void of_rejectsMoreThanTwoLabels() {
    assertThatThrownBy(() -> BinaryScores.of(new int[] {0, 1, 2}, new double[] {0.1, 0.2, 0.3}, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("more than two");
  }

  @Test
  void of_rejectsPosLabelAbsentFromTwoLabels() {
    assertThatThrownBy(() -> BinaryScores.of(List.of("a", "b"), new double[] {0.1, 0.2}, "c"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("pos_label");
  }

  @Test
  void of_acceptsStringLabelsWithPosLabel() {
    BinaryScores s = BinaryScores.of(List.of("spam", "ham", "spam"), new double[] {0.9, 0.2, 0.6}, "spam");
    assertThat(s.positives()).isEqualTo(2);
    assertThat(s.negatives()).isEqualTo(1);
    assertThat(s.isPositive(1)).isFalse();
  }

  @Test
  void of_acceptsSingleClassAndLeavesTheDecisionToTheMetric() {
    BinaryScores s = BinaryScores.of(new int[] {0, 0}, new double[] {0.1, 0.2}, 1);
    assertThat(s.positives()).isZero();
  }

  @Test
  void of_copiesTheScores() {
    double[] scores = {0.1, 0.9};
    BinaryScores s = BinaryScores.of(new int[] {0, 1}, scores, 1);
    scores[0] = 0.95;
    assertThat(s.score(0)).isEqualTo(0.1);
  }
}
