package io.vigil.metrics.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.metrics.InvalidInputException;
import io.vigil.metrics.classification.ClassificationMetrics;
import io.vigil.metrics.classification.LabelConfusionAccumulator;
import io.vigil.metrics.regression.RegressionAccumulator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TumblingWindowsTest {
  @Test
  void negativeTimestampsUseMathematicalFloor() {
    TumblingWindows<RegressionAccumulator> w = new TumblingWindows<>(1000, RegressionAccumulator::new);
    assertThat(w.windowStart(-1)).isEqualTo(-1000);
    assertThat(w.windowStart(-1000)).isEqualTo(-1000);
    assertThat(w.windowStart(999)).isZero();
  }

  @Test
  void timestampOnABoundaryOpensTheNewWindowAndEmptyWindowsAreAbsent() {
    TumblingWindows<RegressionAccumulator> w = new TumblingWindows<>(100, RegressionAccumulator::new);
    w.at(99).add(1, 2);
    w.at(100).add(1, 3);
    w.at(350).add(1, 1);
    List<Window<RegressionAccumulator>> ws = w.windows();
    assertThat(ws).extracting(Window::startMs).containsExactly(0L, 100L, 300L);
    assertThat(ws).extracting(Window::endMs).containsExactly(100L, 200L, 400L);
    assertThat(ws.get(1).accumulator().mae()).isEqualTo(2.0);
  }

  @Test
  void dropBeforeRemovesOnlyEarlierWindows() {
    TumblingWindows<RegressionAccumulator> w = new TumblingWindows<>(100, RegressionAccumulator::new);
    w.at(50).add(1, 2);
    w.at(150).add(1, 3);
    w.at(250).add(1, 1);
    w.dropBefore(200);
    assertThat(w.windows()).extracting(Window::startMs).containsExactly(250L - 50);
    assertThat(w.count()).isEqualTo(1);
  }

  @Test
  void mergeOfPartitionedWindowsEqualsOnePass() {
    Random rnd = new Random(1);
    TumblingWindows<LabelConfusionAccumulator<Integer>> one = new TumblingWindows<>(60_000, LabelConfusionAccumulator::new);
    TumblingWindows<LabelConfusionAccumulator<Integer>> a = new TumblingWindows<>(60_000, LabelConfusionAccumulator::new);
    TumblingWindows<LabelConfusionAccumulator<Integer>> b = new TumblingWindows<>(60_000, LabelConfusionAccumulator::new);
    for (int i = 0; i < 3000; i++) {
      long ts = -200_000 + rnd.nextInt(600_000);
      int t = rnd.nextInt(3);
      int p = rnd.nextInt(3);
      one.at(ts).add(t, p);
      (i % 2 == 0 ? a : b).at(ts).add(t, p);
    }
    a.merge(b);
    assertThat(a.count()).isEqualTo(3000);
    assertThat(a.windows()).hasSameSizeAs(one.windows());
    for (int i = 0; i < one.windows().size(); i++) {
      Window<LabelConfusionAccumulator<Integer>> x = one.windows().get(i);
      Window<LabelConfusionAccumulator<Integer>> y = a.windows().get(i);
      assertThat(y.startMs()).isEqualTo(x.startMs());
      assertThat(y.accumulator().result().toArray()).isEqualTo(x.accumulator().result().toArray());
      assertThat(ClassificationMetrics.accuracy(y.accumulator().result()))
          .isEqualTo(ClassificationMetrics.accuracy(x.accumulator().result()));
    }
  }

  @Test
  void mergingDifferentWidthsOrNonPositiveWidthIsRejected() {
    TumblingWindows<RegressionAccumulator> a = new TumblingWindows<>(100, RegressionAccumulator::new);
    TumblingWindows<RegressionAccumulator> b = new TumblingWindows<>(200, RegressionAccumulator::new);
    assertThatThrownBy(() -> a.merge(b))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot merge windows");
    assertThatThrownBy(() -> new TumblingWindows<>(0, RegressionAccumulator::new))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("window width");
  }
}
