package io.vigil.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Running a chosen drift test with a chosen threshold, instead of the automatic choice. */
class ChosenTestTest {
  private final DriftDetector detector = new DriftDetector();
  private static final String[] REF = {"a", "a", "b", "b"};
  private static final String[] CUR = {"a", "a", "a", "b"};

  private static double[] gaussian(int n, double shift, long seed) {
    Random r = new Random(seed);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) a[i] = r.nextGaussian() + shift;
    return a;
  }

  @Test
  void categoricalPsi_isTheStabilityIndexOfTheCategoryShares_andTheChosenThresholdDecides() {
    // shares (0.5, 0.5) -> (0.75, 0.25): 0.25 ln 1.5 + 0.25 ln 2
    ColumnDriftResult low = detector.categorical("c", REF, CUR, DriftTest.PSI, 0.2);
    assertThat(low.test()).isEqualTo(DriftTest.PSI);
    assertThat(low.statistic()).isCloseTo(0.2746530721670274, within(1e-12));
    assertThat(low.pValue()).isEmpty();
    assertThat(low.threshold()).isEqualTo(0.2);
    assertThat(low.drifted()).isTrue();
    assertThat(detector.categorical("c", REF, CUR, DriftTest.PSI, 0.3).drifted()).isFalse();
  }

  @Test
  void categoricalJensenShannon_andChiSquare_withChosenThresholds() {
    ColumnDriftResult js = detector.categorical("c", REF, CUR, DriftTest.JENSEN_SHANNON, 0.25);
    assertThat(js.statistic()).isCloseTo(0.22089576884901735, within(1e-12));
    assertThat(js.drifted()).isFalse();
    assertThat(detector.categorical("c", REF, CUR, DriftTest.JENSEN_SHANNON, 0.2).drifted()).isTrue();

    // 50/50 -> 70/30: scipy.stats.chi2_contingency([[50, 50], [70, 30]]) gives 7.5208 (Yates), p = 0.0060990
    String[] ref = repeat(50, 50);
    String[] cur = repeat(70, 30);
    ColumnDriftResult strict = detector.categorical("c", ref, cur, DriftTest.CHI_SQUARE, 0.001);
    assertThat(strict.pValue().getAsDouble()).isCloseTo(0.006098945931214352, within(1e-9));
    assertThat(strict.drifted()).as("p = 0.0061 is not below 0.001").isFalse();
    assertThat(detector.categorical("c", ref, cur, DriftTest.CHI_SQUARE, 0.01).drifted()).isTrue();
  }

  private static String[] repeat(int a, int b) {
    String[] s = new String[a + b];
    for (int i = 0; i < s.length; i++) s[i] = i < a ? "a" : "b";
    return s;
  }

  @Test
  void numericPsi_withChosenThreshold_matchesTheLibraryStatistic() {
    double[] ref = gaussian(2000, 0, 1);
    double[] cur = gaussian(2000, 0.3, 2);
    double psi = Psi.numeric(ref, cur).psi();
    ColumnDriftResult r = detector.numeric("x", ref, cur, DriftTest.PSI, psi + 0.01);
    assertThat(r.statistic()).isCloseTo(psi, within(1e-12));
    assertThat(r.drifted()).isFalse();
    assertThat(detector.numeric("x", ref, cur, DriftTest.PSI, psi - 0.01).drifted()).isTrue();
    // KS on a 2000-row reference (above small_reference_max the automatic choice would be Wasserstein).
    ColumnDriftResult ks = detector.numeric("x", ref, cur, DriftTest.KOLMOGOROV_SMIRNOV, 0.001);
    assertThat(ks.test()).isEqualTo(DriftTest.KOLMOGOROV_SMIRNOV);
    assertThat(ks.pValue().getAsDouble()).isLessThan(0.001);
    assertThat(ks.drifted()).isTrue();
  }

  @Test
  void testsThatDoNotApplyToTheKind_orThresholdsOutOfRange_areRejected() {
    assertThatThrownBy(() -> detector.categorical("c", REF, CUR, DriftTest.KOLMOGOROV_SMIRNOV, 0.05))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numeric");
    assertThatThrownBy(() -> detector.numeric("x", new double[] {1, 2}, new double[] {1, 2}, DriftTest.CHI_SQUARE, 0.05))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("categorical");
    assertThatThrownBy(() -> detector.categorical("c", REF, CUR, DriftTest.CHI_SQUARE, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p-value");
    assertThatThrownBy(() -> detector.numeric("x", new double[] {1}, new double[] {1}, DriftTest.PSI, -0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distance");
  }

  @Test
  void names_parseBothWays_andKnowTheirKinds() {
    for (DriftTest t : DriftTest.values()) assertThat(DriftTest.fromName(t.wireName())).contains(t);
    assertThat(DriftTest.fromName("Chi_Square")).contains(DriftTest.CHI_SQUARE);
    assertThat(DriftTest.fromName("kolmogorov_smirnov")).contains(DriftTest.KOLMOGOROV_SMIRNOV);
    assertThat(DriftTest.fromName("anova")).isEmpty();
    assertThat(DriftTest.PSI.appliesToNumeric() && DriftTest.PSI.appliesToCategorical()).isTrue();
    assertThat(DriftTest.WASSERSTEIN_NORMED.appliesToCategorical()).isFalse();
    assertThat(DriftTest.CHI_SQUARE.appliesToNumeric()).isFalse();
  }
}
