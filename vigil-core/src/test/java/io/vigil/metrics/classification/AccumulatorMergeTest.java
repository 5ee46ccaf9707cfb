package io.vigil.metrics.classification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AccumulatorMergeTest {
  private static final String[] NAMES = {"dog", "cat", "bird", "fish", "Zebra"};

  @Test
  void mergeOfLabelAccumulatorsOverPartitionsEqualsOnePass() {
    Random rnd = new Random(7);
    List<String> t = new ArrayList<>();
    List<String> p = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      t.add(NAMES[rnd.nextInt(NAMES.length)]);
      p.add(rnd.nextInt(3) == 0 ? NAMES[rnd.nextInt(NAMES.length)] : t.get(i));
    }
    ConfusionMatrix<String> onePass = Classification.confusionMatrix(t, p);

    // partitions that see labels in different orders; merged in reverse order
    List<LabelConfusionAccumulator<String>> parts = new ArrayList<>();
    for (int from = 0; from < t.size(); from += 777) {
      LabelConfusionAccumulator<String> a = new LabelConfusionAccumulator<>();
      a.addAll(t.subList(from, Math.min(from + 777, t.size())), p.subList(from, Math.min(from + 777, t.size())));
      parts.add(a);
    }
    Collections.reverse(parts);
    LabelConfusionAccumulator<String> merged = new LabelConfusionAccumulator<>();
    parts.forEach(merged::merge);

    assertThat(merged.count()).isEqualTo(5000);
    assertThat(merged.result().labels()).isEqualTo(onePass.labels());
    assertThat(merged.result().toArray()).isEqualTo(onePass.toArray());
    assertThat(ClassificationReport.of(merged.result()).macro())
        .isEqualTo(ClassificationReport.of(onePass).macro());
  }

  @Test
  void mergeOfConfusionCountersOverPartitionsEqualsOnePass() {
    Random rnd = new Random(3);
    int[] t = rnd.ints(10_000, 0, 7).toArray();
    int[] p = rnd.ints(10_000, 0, 7).toArray();
    ConfusionCounter one = new ConfusionCounter(7);
    one.add(t, p);
    ConfusionCounter a = new ConfusionCounter(7);
    ConfusionCounter b = new ConfusionCounter(7);
    a.add(t, p, 0, 4321);
    b.add(t, p, 4321, t.length);
    a.merge(b);
    List<Integer> labels = IntStream.range(0, 7).boxed().toList();
    assertThat(a.toMatrix(labels).toArray()).isEqualTo(one.toMatrix(labels).toArray());
    assertThat(a.count()).isEqualTo(10_000);
  }

  @Test
  void intFastPathMatchesGenericPathForNarrowWideAndHugeLabelRanges() {
    Random rnd = new Random(11);
    int[][] pools = {{-3, 0, 2, 5, 10, 42}, {0, 1000, 70_000}, {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}};
    for (int[] pool : pools) {
      int[] t = new int[2000];
      int[] p = new int[2000];
      for (int i = 0; i < t.length; i++) {
        t[i] = pool[rnd.nextInt(pool.length)];
        p[i] = pool[rnd.nextInt(pool.length)];
      }
      ConfusionMatrix<Integer> fast = Classification.confusionMatrix(t, p);
      ConfusionMatrix<Integer> generic =
          Classification.confusionMatrix(IntStream.of(t).boxed().toList(), IntStream.of(p).boxed().toList());
      assertThat(fast.labels()).isEqualTo(generic.labels());
      assertThat(fast.toArray()).isEqualTo(generic.toArray());
    }
  }

  @Test
  void presentMatrixOfCounterDropsUnusedCodes() {
    ConfusionCounter c = new ConfusionCounter(4);
    c.add(new int[] {0, 3, 3}, new int[] {0, 0, 3});
    ConfusionMatrix<String> cm = c.toPresentMatrix(List.of("a", "b", "c", "d"));
    assertThat(cm.labels()).containsExactly("a", "d");
    assertThat(cm.toArray()).isEqualTo(new long[][] {{1, 0}, {1, 1}});
  }
}
