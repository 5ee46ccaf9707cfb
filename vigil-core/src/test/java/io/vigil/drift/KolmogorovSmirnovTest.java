package io.vigil.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.metrics.InvalidInputException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {
  @Test
  void exactPValue_matchesScipyKs2sampOnRandomSamplesWithAndWithoutTies() throws Exception {
    List<String> failures = new ArrayList<>();
    int rows = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/drift/ks_exact.txt"), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split(";");
        double[] a = Arrays.stream(f[2].split(" ")).mapToDouble(Double::parseDouble).toArray();
        double[] b = Arrays.stream(f[3].split(" ")).mapToDouble(Double::parseDouble).toArray();
        KsResult ks = KolmogorovSmirnov.test(a, b, KsMethod.EXACT);
        rows++;
        if (!KolmogorovDistributionTest.close(Double.parseDouble(f[4]), ks.statistic())
            || !KolmogorovDistributionTest.close(Double.parseDouble(f[5]), ks.pValue())) {
          failures.add(f[0] + "x" + f[1] + ": want " + f[4] + "/" + f[5] + " got " + ks);
        }
      }
    }
    assertThat(rows).isEqualTo(36);
    assertThat(failures).isEmpty();
  }

  @Test
  void ks_isZeroWithPValueOneForIdenticalSamples() {
    double[] a = {3, 1, 2, 5, 4};
    KsResult ks = KolmogorovSmirnov.test(a, a.clone());
    assertThat(ks.statistic()).isZero();
    assertThat(ks.pValue()).isEqualTo(1.0);
    assertThat(ks.method()).isEqualTo(KsMethod.EXACT);
  }

  @Test
  void autoMethod_switchesToAsymptoticAbove1000() {
    Random rnd = new Random(1);
    double[] a = rnd.doubles(1001).toArray();
    double[] b = rnd.doubles(50).toArray();
    assertThat(KolmogorovSmirnov.test(a, b).method()).isEqualTo(KsMethod.ASYMPTOTIC);
    assertThat(KolmogorovSmirnov.test(Arrays.copyOf(a, 1000), b).method()).isEqualTo(KsMethod.EXACT);
  }

  @Test
  void sign_isMinusOneWhenCurrentEcdfIsAbove() {
    KsResult ks = KolmogorovSmirnov.test(new double[] {5, 6, 7}, new double[] {1, 2, 3});
    assertThat(ks.sign()).isEqualTo(-1);
    assertThat(ks.statistic()).isEqualTo(1.0);
    assertThat(ks.location()).isEqualTo(3.0);
  }

  @Test
  void ks_rejectsEmptySample() {
    assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[0], new double[] {1}))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void ks_rejectsNaN() {
    assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[] {1, Double.NaN}, new double[] {1}))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void ks_rejectsInfinity() {
    assertThatThrownBy(
            () -> KolmogorovSmirnov.test(new double[] {1}, new double[] {Double.POSITIVE_INFINITY}))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void radixSort_sortsLikeArraysSort() {
    Random rnd = new Random(3);
    double[] a = new double[100_000];
    for (int i = 0; i < a.length; i++) {
      a[i] = i % 7 == 0 ? Math.round(rnd.nextGaussian()) : rnd.nextGaussian() * 1e3;
    }
    a[5] = -0.0;
    a[6] = 0.0;
    double[] want = a.clone();
    Arrays.sort(want);
    DoubleSort.sortInPlace(a);
    assertThat(a).containsExactly(want);
  }
}
