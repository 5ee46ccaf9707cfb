package io.vigil.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Metric;
import io.vigil.series.SeriesPoints;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

public abstract class MetricHistoryContract extends StoreContract {

  private List<Metric> history(String runId, String key) {
    return store.getMetricHistory(runId, key, Integer.MAX_VALUE, null).items();
  }

  /** What the history must be: the sorted set of distinct points. */
  private static List<Metric> expected(List<Metric> logged) {
    SeriesPoints p = new SeriesPoints(logged.size());
    for (Metric m : logged) p.add(m.step(), m.timestamp(), m.value());
    p.sortAndDeduplicate();
    List<Metric> out = new ArrayList<>();
    for (int i = 0; i < p.size(); i++) out.add(new Metric(logged.get(0).key(), p.value(i), p.timestamp(i), p.step(i)));
    return out;
  }

  private static void assertSameHistory(List<Metric> actual, List<Metric> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.size(); i++) {
      Metric a = actual.get(i);
      Metric e = expected.get(i);
      assertThat(a.step()).as("step at %d", i).isEqualTo(e.step());
      assertThat(a.timestamp()).as("timestamp at %d", i).isEqualTo(e.timestamp());
      assertThat(Double.doubleToLongBits(a.value())).as("value at %d", i).isEqualTo(Double.doubleToLongBits(e.value()));
    }
  }

  @Test
  void inOrderAppends_spanningManyChunks_comeBackInOrder() {
    String id = newRun("0", "r", 1).info().runId();
    List<Metric> all = new ArrayList<>();
    for (int batch = 0; batch < 12; batch++) {
      List<Metric> b = new ArrayList<>();
      for (int i = 0; i < 500; i++) b.add(new Metric("loss", Math.sin(batch * 500 + i), 1000L + batch * 500 + i, batch * 500L + i));
      store.logBatch(id, b, List.of(), List.of());
      all.addAll(b);
    }
    assertSameHistory(history(id, "loss"), all);
  }

  @Test
  void singlePointAppends_comeBackInOrder() {
    String id = newRun("0", "r", 1).info().runId();
    List<Metric> all = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      Metric m = new Metric("acc", i / 1200.0, 5000L + i, i);
      store.logBatch(id, List.of(m), List.of(), List.of());
      all.add(m);
    }
    assertSameHistory(history(id, "acc"), all);
  }

  @Test
  void outOfOrderAndDuplicatePoints_areMergedAndStoredOnce() {
    String id = newRun("0", "r", 1).info().runId();
    SplittableRandom r = new SplittableRandom(7);
    List<Metric> logged = new ArrayList<>();
    for (int batch = 0; batch < 40; batch++) {
      List<Metric> b = new ArrayList<>();
      int n = r.nextInt(1, 120);
      for (int i = 0; i < n; i++) {
        double v = switch (r.nextInt(6)) {
          case 0 -> Double.NaN;
          case 1 -> Double.POSITIVE_INFINITY;
          case 2 -> -0.0;
          default -> r.nextInt(5) / 4.0;
        };
        b.add(new Metric("m", v, r.nextInt(0, 30), r.nextInt(-50, 1500)));
      }
      if (batch % 5 == 0 && !logged.isEmpty()) b.addAll(logged.subList(0, Math.min(50, logged.size()))); // a retry
      store.logBatch(id, b, List.of(), List.of());
      logged.addAll(b);
    }
    assertSameHistory(history(id, "m"), expected(logged));
  }

  @Test
  void retriedBatch_storesNothingTwice() {
    String id = newRun("0", "r", 1).info().runId();
    List<Metric> b = new ArrayList<>();
    for (int i = 0; i < 700; i++) b.add(new Metric("m", i, 1, i));
    store.logBatch(id, b, List.of(), List.of());
    store.logBatch(id, b, List.of(), List.of());
    List<Metric> shuffled = new ArrayList<>(b);
    Collections.shuffle(shuffled, new java.util.Random(1));
    store.logBatch(id, shuffled, List.of(), List.of());
    assertSameHistory(history(id, "m"), b);
  }

  @Test
  void sameStepAndTimestampWithOtherValue_isAnotherPoint() {
    String id = newRun("0", "r", 1).info().runId();
    store.logBatch(id, List.of(new Metric("m", 1, 5, 5)), List.of(), List.of());
    store.logBatch(id, List.of(new Metric("m", 2, 5, 5)), List.of(), List.of());
    assertThat(history(id, "m")).containsExactly(new Metric("m", 1, 5, 5), new Metric("m", 2, 5, 5));
  }

  @Test
  void extremeValuesAndSteps_roundTripExactly() {
    String id = newRun("0", "r", 1).info().runId();
    List<Metric> b = List.of(
        new Metric("x", Double.NEGATIVE_INFINITY, Long.MIN_VALUE, Long.MIN_VALUE),
        new Metric("x", Double.MIN_VALUE, 0, -1),
        new Metric("x", -0.0, 0, 0),
        new Metric("x", Double.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
    store.logBatch(id, b, List.of(), List.of());
    assertSameHistory(history(id, "x"), b);
  }

  @Test
  void pages_coverHistoryWithoutGapsOrOverlap() {
    String id = newRun("0", "r", 1).info().runId();
    List<Metric> all = new ArrayList<>();
    for (int i = 0; i < 2500; i++) all.add(new Metric("m", i, 10L + i, i));
    for (int i = 0; i < all.size(); i += 1000) store.logBatch(id, all.subList(i, Math.min(all.size(), i + 1000)), List.of(), List.of());
    List<Metric> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page<Metric> p = store.getMetricHistory(id, "m", 777, token);
      paged.addAll(p.items());
      token = p.nextPageToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(4);
    assertSameHistory(paged, all);
  }

  @Test
  void unknownKey_givesEmptyHistory() {
    String id = newRun("0", "r", 1).info().runId();
    assertThat(history(id, "never")).isEmpty();
  }

  @Test
  void bulkInterval_samplesStepsEvenlyPerRun() {
    String a = newRun("0", "a", 1).info().runId();
    String b = newRun("0", "b", 2).info().runId();
    List<Metric> pts = new ArrayList<>();
    for (int i = 0; i <= 100; i++) pts.add(new Metric("m", i, i, i));
    store.logBatch(a, pts, List.of(), List.of());
    store.logBatch(b, pts.subList(0, 3), List.of(), List.of());
    List<MetricHistoryInterval> got = store.getMetricHistoryBulkInterval(List.of(a, b), "m", 5, null, null);
    assertThat(got.stream().filter(p -> p.runId().equals(a)).map(p -> p.metric().step()))
        .containsExactly(0L, 25L, 50L, 75L, 100L);
    assertThat(got.stream().filter(p -> p.runId().equals(b)).map(p -> p.metric().step())).containsExactly(0L, 1L, 2L);
  }
}
