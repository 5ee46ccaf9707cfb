package io.vigil.metrics.probabilistic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreSortTest {
  @Test
  void sortedKeys_radixPathOrdersLikeArraysSortWithNegativeZeroFolded() {
    Random r = new Random(3);
    double[] a = new double[50_000];
    for (int i = 0; i < a.length; i++) {
      int pick = r.nextInt(10);
      a[i] = pick == 0 ? -0.0 : pick == 1 ? 0.0 : pick == 2 ? -r.nextDouble() * 1e6 : r.nextGaussian();
    }
    double[] expected = a.clone();
    for (int i = 0; i < expected.length; i++) {
      expected[i] = expected[i] == 0.0 ? 0.0 : expected[i];
    }
    Arrays.sort(expected);
    long[] keys = ScoreSort.sortedKeys(a);
    double[] actual = new double[keys.length];
    for (int i = 0; i < keys.length; i++) {
      actual[i] = ScoreSort.decode(keys[i]);
    }
    assertThat(actual).containsExactly(expected);
  }

  @Test
  void sortedKeys_skipsSharedDigitsAndStillSorts() {
    double[] a = new double[10_000];
    for (int i = 0; i < a.length; i++) {
      a[i] = 0.5 + (a.length - i) * 1e-9; // same sign and exponent: top digits shared
    }
    long[] keys = ScoreSort.sortedKeys(a);
    for (int i = 1; i < keys.length; i++) {
      assertThat(keys[i - 1]).isLessThan(keys[i]);
    }
  }

  @Test
  void encode_preservesOrderAndRoundTrips() {
    double[] v = {-Double.MAX_VALUE, -1.0, -Double.MIN_VALUE, 0.0, Double.MIN_VALUE, 1.0, Double.MAX_VALUE};
    for (int i = 1; i < v.length; i++) {
      assertThat(ScoreSort.encode(v[i - 1])).isLessThan(ScoreSort.encode(v[i]));
      assertThat(ScoreSort.decode(ScoreSort.encode(v[i]))).isEqualTo(v[i]);
    }
    assertThat(ScoreSort.encode(-0.0)).isEqualTo(ScoreSort.encode(0.0));
  }
}
