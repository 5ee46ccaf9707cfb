package io.vigil.metrics.probabilistic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreSortTest {
  @Test
  void sort_radixPathOrdersLikeArraysSortWithNegativeZeroFolded() {
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
    ScoreSort.sort(a);
    assertThat(a).containsExactly(expected);
  }

  @Test
  void encode_preservesOrderOfExtremes() {
    double[] v = {-Double.MAX_VALUE, -1.0, -Double.MIN_VALUE, 0.0, Double.MIN_VALUE, 1.0, Double.MAX_VALUE};
    for (int i = 1; i < v.length; i++) {
      assertThat(Long.compareUnsigned(ScoreSort.encode(v[i - 1]), ScoreSort.encode(v[i]))).isNegative();
      assertThat(ScoreSort.decode(ScoreSort.encode(v[i]))).isEqualTo(v[i]);
    }
  }
}
