package io.vigil.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.metrics.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProfileAndDetectorTest {
  private static double[] gaussian(int n, double shift, long seed) {
    Random r = new Random(seed);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextGaussian() + shift;
    }
    return a;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void profileMerge_equalsProfileBuiltInOnePass() {
    double[] a = gaussian(30_000, 0, 1);
    double[] b = gaussian(20_000, 0.5, 2);
    NumericProfile merged = NumericProfile.builder(512).addAll(a).build().merge(NumericProfile.builder(512).addAll(b).build());
    NumericProfile onePass = NumericProfile.builder(512).addAll(concat(a, b)).build();
    assertThat(merged).isEqualTo(onePass);
    assertThat(merged.mean()).isCloseTo(onePass.mean(), within(1e-12));
    assertThat(merged.std()).isCloseTo(onePass.std(), within(1e-12));
    assertThat(merged.isExact()).isFalse();
  }

  @Test
  void exactProfile_givesSameStatisticsAsRawRows() {
    double[] ref = new double[3000];
    Random r = new Random(5);
    for (int i = 0; i < ref.length; i++) {
      ref[i] = r.nextInt(40) * 0.5; // 40 distinct values: the profile stays exact
    }
    double[] cur = gaussian(800, 10, 6);
    NumericProfile p = NumericProfile.builder(64).addAll(ref).build();
    assertThat(p.isExact()).isTrue();
    KsResult raw = KolmogorovSmirnov.test(ref, cur);
    assertThat(p.ks(cur)).isEqualTo(raw);
    assertThat(p.wasserstein(cur)).isEqualTo(Wasserstein.distance(ref, cur));
    assertThat(p.psi(cur, Psi.DEFAULT_EPS).psi()).isEqualTo(Psi.numeric(ref, cur).psi());
    assertThat(p.jensenShannon(cur).distance()).isEqualTo(JensenShannon.test(ref, cur).distance());
  }

  @Test
  void sampledProfile_approximatesWasserstein() {
    double[] ref = gaussian(200_000, 0, 7);
    double[] cur = gaussian(5_000, 0.3, 8);
    NumericProfile p = NumericProfile.of(ref);
    assertThat(p.count()).isEqualTo(200_000);
    assertThat(p.wasserstein(cur)).isCloseTo(Wasserstein.distance(ref, cur), within(0.03));
  }

  @Test
  void profile_rejectsNaN() {
    assertThatThrownBy(() -> NumericProfile.builder().add(Double.NaN)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void categoricalProfileMerge_sumsCounts() {
    CategoricalProfile a = CategoricalProfile.of(new String[] {"x", "y"});
    CategoricalProfile b = CategoricalProfile.of(new String[] {"y", "z"});
    assertThat(a.merge(b)).isEqualTo(CategoricalProfile.of(new String[] {"x", "y", "y", "z"}));
  }

  @Test
  void detector_usesKsForSmallAndNormalisedWassersteinForLargeReference() {
    DriftDetector d = new DriftDetector();
    ColumnDriftResult small = d.numeric("x", gaussian(500, 0, 1), gaussian(500, 1, 2));
    assertThat(small.test()).isEqualTo(DriftTest.KOLMOGOROV_SMIRNOV);
    assertThat(small.pValue()).isPresent();
    assertThat(small.drifted()).isTrue();
    ColumnDriftResult large = d.numeric("x", gaussian(5000, 0, 1), gaussian(5000, 0.01, 2));
    assertThat(large.test()).isEqualTo(DriftTest.WASSERSTEIN_NORMED);
    assertThat(large.pValue()).isEmpty();
    assertThat(large.drifted()).isFalse();
  }

  @Test
  void detector_usesChiSquareForSmallAndJensenShannonForLargeCategoricalReference() {
    DriftDetector d = new DriftDetector();
    String[] ref = {"a", "b", "a", "c"};
    assertThat(d.categorical("c", ref, new String[] {"a"}).test()).isEqualTo(DriftTest.CHI_SQUARE);
    String[] big = new String[2000];
    Arrays.fill(big, "a");
    assertThat(d.categorical("c", big, new String[] {"b"}).test()).isEqualTo(DriftTest.JENSEN_SHANNON);
    assertThat(d.categorical("c", big, new String[] {"b"}).drifted()).isTrue();
  }

  @Test
  void dataset_driftsWhenShareReachesThreshold() {
    DriftDetector d = new DriftDetector();
    ColumnDriftResult yes = ColumnDriftResult.of("a", DriftTest.PSI, 0.5, OptionalDouble.empty(), 0.2);
    ColumnDriftResult no = ColumnDriftResult.of("b", DriftTest.PSI, 0.1, OptionalDouble.empty(), 0.2);
    assertThat(d.summarize(List.of(yes, no)).datasetDrift()).isTrue();
    assertThat(d.summarize(List.of(yes, no, no)).datasetDrift()).isFalse();
    assertThat(d.summarize(List.of(yes, no, no)).driftedShare()).isCloseTo(1.0 / 3, within(1e-15));
  }

  @Test
  void dataset_rejectsMissingCurrentColumn() {
    DriftDetector d = new DriftDetector();
    assertThatThrownBy(() -> d.dataset(Map.of("x", new double[] {1}), Map.of(), Map.of(), Map.of()))
        .isInstanceOf(InvalidInputException.class);
  }
}
