package io.vigil.metrics.classification;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.metrics.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationInputValidationTest {
  @Test
  void emptyInputIsRejected() {
    assertThatThrownBy(() -> Classification.report(List.of(), List.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> Classification.report(new int[0], new int[0]))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> new LabelConfusionAccumulator<String>().result())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void lengthMismatchIsRejected() {
    assertThatThrownBy(() -> Classification.accuracy(List.of(1, 2), List.of(1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("length mismatch");
    assertThatThrownBy(() -> Classification.report(new int[] {1, 2}, new int[] {1}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("length mismatch");
  }

  @Test
  void nullLabelIsRejectedWithItsPosition() {
    assertThatThrownBy(() -> Classification.accuracy(Arrays.asList("a", null), List.of("a", "b")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("missing (null) label at y_true[1]");
  }

  @Test
  void nanLabelIsRejectedWithItsPosition() {
    assertThatThrownBy(() -> Classification.accuracy(List.of(1.0, 2.0), List.of(1.0, Double.NaN)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("NaN label at y_pred[1]");
  }

  @Test
  void mixedLabelTypesAreRejected() {
    assertThatThrownBy(() -> Classification.accuracy(List.<Object>of(1, "1"), List.<Object>of(1, 1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("mixed label types");
  }

  @Test
  void labelOrderWithNoLabelOfYTrueIsRejected() {
    assertThatThrownBy(() -> Classification.confusionMatrix(List.of("a"), List.of("b"), List.of("b")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("occurs in y_true");
  }

  @Test
  void duplicateLabelsInLabelOrderAreRejected() {
    assertThatThrownBy(() -> Classification.confusionMatrix(List.of("a"), List.of("b"), List.of("a", "a")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("duplicate labels");
  }

  @Test
  void nonPositiveBetaIsRejected() {
    ConfusionMatrix<Integer> cm = Classification.confusionMatrix(List.of(0, 1), List.of(0, 1));
    assertThatThrownBy(() -> ClassificationMetrics.scores(cm, Average.MACRO, 0.0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("beta");
  }

  @Test
  void topKRejectsUnsortedLabelsUnknownTrueLabelsNaNScoresAndBadK() {
    double[][] s = {{0.2, 0.8}, {0.6, 0.4}};
    assertThatThrownBy(() -> TopKAccuracy.compute(List.of(1, 0), s, List.of(1, 0), 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("sorted");
    assertThatThrownBy(() -> TopKAccuracy.compute(List.of(1, 7), s, List.of(0, 1), 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("y_true[1] = 7");
    assertThatThrownBy(() -> TopKAccuracy.compute(List.of(1, 0), new double[][] {{0.2, Double.NaN}, {1, 0}}, List.of(0, 1), 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("non-finite score");
    assertThatThrownBy(() -> TopKAccuracy.compute(List.of(1, 0), s, List.of(0, 1), 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("k must be >= 1");
    assertThatThrownBy(() -> TopKAccuracy.compute(List.of(1, 0), new double[][] {{0.2}, {1, 0}}, List.of(0, 1), 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must have 2 scores");
    assertThatThrownBy(() -> TopKAccuracy.compute(List.of(), new double[0][], List.of(0, 1), 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void outOfRangeLabelCodeIsRejected() {
    ConfusionCounter c = new ConfusionCounter(3);
    assertThatThrownBy(() -> c.add(new int[] {0, 3}, new int[] {0, 0}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("out of range [0, 3)")
        .hasMessageContaining("row 1");
    assertThatThrownBy(() -> c.add(-1, 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("out of range");
  }
}
