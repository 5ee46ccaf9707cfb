package io.vigil.metrics.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.metrics.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
  private static final List<String> T = List.of("a", "a", "b", "b", "c", "c", "c");
  private static final List<String> P = List.of("a", "b", "b", "b", "c", "a", "a");

  @Test
  void f1_macroIsMeanOfPerClassF1NotF1OfMacroPrecisionAndRecall() {
    ConfusionMatrix<String> cm = Classification.confusionMatrix(T, P);
    double[] f = ClassificationMetrics.perClass(cm, 1.0).f();
    Scores macro = ClassificationMetrics.scores(cm, Average.MACRO, 1.0);
    assertThat(macro.f()).isCloseTo((f[0] + f[1] + f[2]) / 3, within(1e-15));
    assertThat(macro.f())
        .isNotCloseTo(ClassificationMetrics.fBeta(macro.precision(), macro.recall(), 1.0), within(1e-6));
  }

  @Test
  void weightedAverageWeightsEachClassBySupport() {
    ConfusionMatrix<String> cm = Classification.confusionMatrix(T, P);
    double[] r = ClassificationMetrics.perClass(cm, 1.0).recall();
    assertThat(ClassificationMetrics.scores(cm, Average.WEIGHTED, 1.0).recall())
        .isCloseTo((2 * r[0] + 2 * r[1] + 3 * r[2]) / 7, within(1e-15));
  }

  @Test
  void microScoresEqualAccuracyForSingleLabelData() {
    ConfusionMatrix<String> cm = Classification.confusionMatrix(T, P);
    Scores micro = ClassificationMetrics.scores(cm, Average.MICRO, 2.0);
    assertThat(micro.precision()).isEqualTo(ClassificationMetrics.accuracy(cm));
    assertThat(micro.f()).isCloseTo(4.0 / 7, within(1e-15));
  }

  @Test
  void precisionOfNeverPredictedClassIsZero() {
    ConfusionMatrix<Integer> cm = Classification.confusionMatrix(List.of(0, 1, 1), List.of(0, 0, 0));
    assertThat(ClassificationMetrics.perClass(cm, 1.0).precision()).containsExactly(1.0 / 3, 0.0);
  }

  @Test
  void balancedAccuracyIgnoresClassesOnlyPredicted() {
    ConfusionMatrix<String> cm =
        Classification.confusionMatrix(List.of("a", "a", "b", "b"), List.of("a", "z", "b", "b"));
    assertThat(cm.labels()).containsExactly("a", "b", "z");
    assertThat(ClassificationMetrics.balancedAccuracy(cm)).isEqualTo((0.5 + 1.0) / 2);
  }

  @Test
  void cohenKappaIsNaNAndMccZeroWhenOnlyOneLabelOccurs() {
    ConfusionMatrix<String> cm = Classification.confusionMatrix(List.of("x", "x"), List.of("x", "x"));
    assertThat(ClassificationMetrics.cohenKappa(cm)).isNaN();
    assertThat(ClassificationMetrics.matthewsCorrcoef(cm)).isZero();
  }

  @Test
  void mccIsMinusOneForPerfectlyInvertedBinaryPredictions() {
    ConfusionMatrix<Integer> cm = Classification.confusionMatrix(List.of(0, 1, 0, 1), List.of(1, 0, 1, 0));
    assertThat(ClassificationMetrics.matthewsCorrcoef(cm)).isEqualTo(-1.0);
    assertThat(ClassificationMetrics.hammingLoss(cm)).isEqualTo(1.0);
  }

  @Test
  void binaryScoresAreZeroWhenPositiveLabelIsAbsent() {
    ConfusionMatrix<Integer> cm = Classification.confusionMatrix(List.of(0, 0), List.of(0, 0));
    assertThat(ClassificationMetrics.binary(cm, 1, 1.0)).isEqualTo(new Scores(0, 0, 0, 1.0));
  }

  @Test
  void binaryRejectsMoreThanTwoLabels() {
    ConfusionMatrix<Integer> cm = Classification.confusionMatrix(List.of(0, 1, 2), List.of(0, 1, 2));
    assertThatThrownBy(() -> ClassificationMetrics.binary(cm, 1, 1.0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at most 2 labels");
  }

  @Test
  void binaryRejectsPositiveLabelMissingFromTwoPresentLabels() {
    ConfusionMatrix<Integer> cm = Classification.confusionMatrix(List.of(0, 2), List.of(0, 2));
    assertThatThrownBy(() -> ClassificationMetrics.binary(cm, 1, 1.0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("pos_label 1");
  }

  @Test
  void labelsSortIntsNumericallyAndStringsByCodePoint() {
    assertThat(Classification.confusionMatrix(List.of(10, 2, -3), List.of(2, 2, 2)).labels())
        .containsExactly(-3, 2, 10);
    // U+1F600 (surrogate pair) sorts after U+FF5E by code point, before it by UTF-16 unit
    List<String> s = List.of("10", "2", "cat", "Cat", "\uD83D\uDE00", "\uFF5E");
    assertThat(Classification.confusionMatrix(s, s).labels())
        .containsExactly("10", "2", "Cat", "cat", "\uFF5E", "\uD83D\uDE00");
  }

  @Test
  void reorderAddsZeroRowsForAbsentLabelsAndDropsSamplesOutsideTheOrder() {
    ConfusionMatrix<String> cm = Classification.confusionMatrix(T, P, List.of("c", "zebra", "a"));
    assertThat(cm.toArray()).isEqualTo(new long[][] {{1, 0, 2}, {0, 0, 0}, {0, 0, 1}});
  }

  @Test
  void reportCollectsTheSameValuesAsTheSingleMetrics() {
    ClassificationReport<String> r = Classification.report(T, P);
    ConfusionMatrix<String> cm = Classification.confusionMatrix(T, P);
    assertThat(r.accuracy()).isEqualTo(ClassificationMetrics.accuracy(cm));
    assertThat(r.macro()).isEqualTo(ClassificationMetrics.scores(cm, Average.MACRO, 1.0));
    assertThat(r.support()).containsExactly(2, 2, 3);
    assertThat(r.count()).isEqualTo(7);
  }
}
