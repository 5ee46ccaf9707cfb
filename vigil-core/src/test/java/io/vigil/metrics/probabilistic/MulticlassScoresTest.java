package io.vigil.metrics.probabilistic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.metrics.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MulticlassScoresTest {
  private static final double[][] TWO_ROWS = {{0.5, 0.5}, {0.1, 0.9}};

  @Test
  void of_rejectsEmptyInput() {
    assertThatThrownBy(() -> MulticlassScores.of(new int[0], new double[0][], new int[] {0, 1}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void of_rejectsLengthMismatch() {
    assertThatThrownBy(() -> MulticlassScores.of(new int[] {0}, TWO_ROWS, new int[] {0, 1}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("length mismatch");
  }

  @Test
  void of_rejectsRowWithWrongNumberOfColumns() {
    assertThatThrownBy(
            () -> MulticlassScores.of(new int[] {0, 1}, new double[][] {{0.5, 0.5}, {1.0}}, new int[] {0, 1}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("row 1");
  }

  @Test
  void of_rejectsNaNScore() {
    assertThatThrownBy(
            () -> MulticlassScores.of(new int[] {0, 1}, new double[][] {{0.5, Double.NaN}, {0.1, 0.9}}, new int[] {0, 1}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("finite");
  }

  @Test
  void of_rejectsNaNLabel() {
    assertThatThrownBy(
            () -> MulticlassScores.of(Arrays.asList(0.0, Double.NaN), TWO_ROWS, List.of(0.0, 1.0)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void of_rejectsTrueLabelMissingFromLabels() {
    assertThatThrownBy(() -> MulticlassScores.of(List.of("a", "c"), TWO_ROWS, List.of("a", "b")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not in labels");
  }

  @Test
  void of_rejectsDuplicateLabels() {
    assertThatThrownBy(() -> MulticlassScores.of(List.of("a", "a"), TWO_ROWS, List.of("a", "a")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("distinct");
  }

  @Test
  void of_rejectsFewerThanTwoLabels() {
    assertThatThrownBy(
            () -> MulticlassScores.of(List.of("a"), new double[][] {{1.0}}, List.of("a")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least two");
  }

  @Test
  void of_countsSupportPerLabel() {
    MulticlassScores<String> s = MulticlassScores.of(List.of("b", "b"), TWO_ROWS, List.of("a", "b"));
    assertThat(s.support(0)).isZero();
    assertThat(s.support(1)).isEqualTo(2);
    assertThat(s.score(1, 1)).isEqualTo(0.9);
  }
}
