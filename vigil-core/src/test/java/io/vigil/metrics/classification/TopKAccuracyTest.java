package io.vigil.metrics.classification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopKAccuracyTest {
  @Test
  void amongTiedScoresTheHigherColumnIndexRanksFirst() {
    double[][] s = {{0.3, 0.3, 0.3}};
    assertThat(TopKAccuracy.compute(List.of("c"), s, List.of("a", "b", "c"), 1)).isEqualTo(1.0);
    assertThat(TopKAccuracy.compute(List.of("a"), s, List.of("a", "b", "c"), 2)).isEqualTo(0.0);
    assertThat(TopKAccuracy.compute(List.of("b"), s, List.of("a", "b", "c"), 2)).isEqualTo(1.0);
  }

  @Test
  void kAtLeastTheNumberOfClassesGivesOne() {
    double[][] s = {{0.9, 0.1, 0.0}, {0.9, 0.1, 0.0}};
    assertThat(TopKAccuracy.compute(List.of(2, 2), s, List.of(0, 1, 2), 3)).isEqualTo(1.0);
    assertThat(TopKAccuracy.compute(List.of(2, 2), s, List.of(0, 1, 2), 10)).isEqualTo(1.0);
  }

  @Test
  void topOneIsTheFractionOfRowsWhoseTrueColumnScoresHighest() {
    double[][] s = {{0.1, 0.7, 0.2}, {0.5, 0.3, 0.2}, {0.2, 0.2, 0.6}, {0.3, 0.4, 0.3}};
    assertThat(TopKAccuracy.compute(List.of(1, 1, 2, 0), s, List.of(0, 1, 2), 1)).isEqualTo(0.5);
    assertThat(TopKAccuracy.compute(List.of(1, 1, 2, 0), s, List.of(0, 1, 2), 2)).isEqualTo(0.75);
  }
}
