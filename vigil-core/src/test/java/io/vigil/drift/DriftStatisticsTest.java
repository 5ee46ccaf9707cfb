package io.vigil.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.metrics.InvalidInputException;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftStatisticsTest {
  private static double[] gaussian(int n, double shift, long seed) {
    Random r = new Random(seed);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextGaussian() + shift;
    }
    return a;
  }

  @Test
  void psi_isZeroForIdenticalSamples() {
    double[] a = gaussian(500, 0, 1);
    assertThat(Psi.numeric(a, a.clone()).psi()).isZero();
  }

  @Test
  void psi_growsWithShift() {
    double[] a = gaussian(2000, 0, 1);
    assertThat(Psi.numeric(a, gaussian(2000, 1, 2)).psi()).isGreaterThan(0.2);
  }

  @Test
  void psi_rejectsEmptyCurrent() {
    assertThatThrownBy(() -> Psi.numeric(new double[] {1}, new double[0])).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void psi_rejectsNaNInReference() {
    assertThatThrownBy(() -> Psi.numeric(new double[] {Double.NaN}, new double[] {1}))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void wasserstein_equalsMeanShiftForTranslatedSample() {
    double[] a = {1, 2, 3, 4};
    double[] b = {3, 4, 5, 6};
    assertThat(Wasserstein.distance(a, b)).isEqualTo(2.0);
  }

  @Test
  void wasserstein_rejectsEmptySample() {
    assertThatThrownBy(() -> Wasserstein.distance(new double[0], new double[] {1}))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void jensenShannon_isOneForDisjointHistograms() {
    assertThat(JensenShannon.distance(new long[] {5, 0}, new long[] {0, 7})).isCloseTo(1.0, within(1e-15));
  }

  @Test
  void jensenShannon_clipsOutOfRangeValuesIntoEdgeBins() {
    JsResult js = JensenShannon.test(new double[] {0, 10}, new double[] {-5, 50});
    assertThat(js.histogram().currentCounts()).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0, 1);
  }

  @Test
  void jensenShannon_rejectsNaNInCurrent() {
    assertThatThrownBy(() -> JensenShannon.test(new double[] {1}, new double[] {Double.NaN}))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void chiSquare_appliesYatesOnlyForTwoCategories() {
    CategoricalComparison c = CategoricalDrift.compare(Map.of("a", 67L, "b", 33L), Map.of("a", 70L, "b", 50L));
    assertThat(c.chiSquare().statistic()).isCloseTo(1.3944683844868528, within(1e-12));
    assertThat(c.chiSquare().dof()).isEqualTo(1);
  }

  @Test
  void chiSquare_singleCategoryGivesZeroStatisticAndPValueOne() {
    ChiSquareResult r = CategoricalDrift.compare(new String[] {"x", "x"}, new String[] {"x"}).chiSquare();
    assertThat(r.statistic()).isZero();
    assertThat(r.pValue()).isEqualTo(1.0);
    assertThat(r.dof()).isZero();
  }

  @Test
  void categorical_rejectsEmptyCurrent() {
    assertThatThrownBy(() -> CategoricalDrift.compare(new String[] {"a"}, new String[0]))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void categorical_rejectsNullCategory() {
    assertThatThrownBy(() -> CategoricalDrift.compare(new String[] {"a", null}, new String[] {"a"}))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void categories_sortByCodePoint() {
    CategoricalComparison c = CategoricalDrift.compare(new String[] {"b", "B", "\uD83D\uDE00", "\uFF21"}, new String[] {"a"});
    assertThat(c.categories()).containsExactly("B", "a", "b", "\uFF21", "\uD83D\uDE00");
  }
}
