package io.vigil.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.model.ErrorCode;
import io.vigil.model.Metric;
import io.vigil.model.VigilException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's reads. Downsampled series: at most N equal-width x buckets per run,
 * shape-preserving, range-limited. Experiment stats: run counts and last activity.
 */
public abstract class SeriesContract extends StoreContract {

  private String run() {
    return newRun("0", "r", 1).info().runId();
  }

  private void log(String runId, List<Metric> points) {
    for (int i = 0; i < points.size(); i += 1000) {
      store.logBatch(runId, points.subList(i, Math.min(points.size(), i + 1000)), List.of(), List.of());
    }
  }

  private SeriesBuckets one(String runId, String key, int n, XAxis x, Long from, Long to) {
    List<SeriesBuckets> all = store.downsampleSeries(List.of(runId), key, n, x, from, to);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static long total(SeriesBuckets s) {
    return s.buckets().stream().mapToLong(SeriesBucket::count).sum();
  }

  @Test
  void fewPoints_comeBackOneBucketPerPoint_notDownsampled() {
    String id = run();
    log(id, List.of(new Metric("loss", 3.0, 100, 0), new Metric("loss", 2.0, 101, 1), new Metric("loss", 1.5, 102, 5)));
    SeriesBuckets s = one(id, "loss", 1000, XAxis.STEP, null, null);
    assertThat(s.downsampled()).isFalse();
    assertThat(s.pointCount()).isEqualTo(3);
    assertThat(s.buckets()).containsExactly(SeriesBucket.point(0, 3.0), SeriesBucket.point(1, 2.0), SeriesBucket.point(5, 1.5));
  }

  @Test
  void longHistory_reducesToAtMostNBuckets_andKeepsASpike() {
    String id = run();
    List<Metric> pts = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) pts.add(new Metric("loss", i == 12_345 ? 1e6 : Math.sin(i / 100.0), 1000L + i, i));
    log(id, pts);
    SeriesBuckets s = one(id, "loss", 100, XAxis.STEP, null, null);
    assertThat(s.downsampled()).isTrue();
    assertThat(s.buckets()).hasSizeLessThanOrEqualTo(100).hasSizeGreaterThan(90);
    assertThat(total(s)).isEqualTo(20_000);
    assertThat(s.pointCount()).isEqualTo(20_000);
    assertThat(s.buckets().stream().mapToDouble(SeriesBucket::max).max().orElseThrow()).isEqualTo(1e6);
    SeriesBucket spike = s.buckets().stream().filter(b -> b.max() == 1e6).findFirst().orElseThrow();
    assertThat(spike.xMin()).isLessThanOrEqualTo(12_345);
    assertThat(spike.xMax()).isGreaterThanOrEqualTo(12_345);
    assertThat(s.buckets().get(0).first()).isEqualTo(Math.sin(0));
    assertThat(s.buckets().get(s.buckets().size() - 1).last()).isEqualTo(Math.sin(19_999 / 100.0));
    for (int k = 1; k < s.buckets().size(); k++) {
      assertThat(s.buckets().get(k).xMin()).isGreaterThan(s.buckets().get(k - 1).xMax());
    }
  }

  @Test
  void buckets_matchABruteForceReduction_evenAfterOutOfOrderWrites() {
    String id = run();
    SplittableRandom rnd = new SplittableRandom(7);
    List<Metric> pts = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      double v = rnd.nextInt(50) == 0 ? Double.NaN : rnd.nextDouble() * 100 - 50;
      pts.add(new Metric("m", v, 5000L + i, i));
    }
    List<Metric> shuffled = new ArrayList<>(pts);
    Collections.shuffle(shuffled, new java.util.Random(3));
    log(id, shuffled);
    for (int n : new int[] {1, 7, 64, 1000}) {
      for (long[] range : new long[][] {{-1, -1}, {100, 4100}, {2999, 3001}}) {
        Long from = range[0] < 0 ? null : range[0];
        Long to = range[1] < 0 ? null : range[1];
        SeriesBuckets s = one(id, "m", n, XAxis.STEP, from, to);
        List<SeriesBucket> expected = bruteForce(pts, n, from == null ? 0 : from, to == null ? 5999 : to);
        if (!s.downsampled()) continue; // raw answers are checked elsewhere
        assertThat(s.buckets()).as("n=%d range=%s..%s", n, from, to).hasSize(expected.size());
        for (int k = 0; k < expected.size(); k++) {
          SeriesBucket a = s.buckets().get(k);
          SeriesBucket e = expected.get(k);
          assertThat(a.count()).isEqualTo(e.count());
          assertThat(a.nanCount()).isEqualTo(e.nanCount());
          assertThat(a.xMin()).isEqualTo(e.xMin());
          assertThat(a.xMax()).isEqualTo(e.xMax());
          assertThat(Double.compare(a.min(), e.min())).isZero();
          assertThat(Double.compare(a.max(), e.max())).isZero();
          assertThat(Double.compare(a.first(), e.first())).isZero();
          assertThat(Double.compare(a.last(), e.last())).isZero();
        }
      }
    }
  }

  /** Equal-width buckets over [lo, hi]: bucket = floor((x - lo) * n / (hi - lo + 1)). */
  private static List<SeriesBucket> bruteForce(List<Metric> sortedByStep, int n, long lo, long hi) {
    List<List<Metric>> b = new ArrayList<>();
    for (int i = 0; i < n; i++) b.add(new ArrayList<>());
    for (Metric m : sortedByStep) {
      if (m.step() < lo || m.step() > hi) continue;
      int k = (int) ((double) (m.step() - lo) * (n / ((double) hi - lo + 1.0)));
      b.get(Math.min(k, n - 1)).add(m);
    }
    List<SeriesBucket> out = new ArrayList<>();
    for (List<Metric> ms : b) {
      if (ms.isEmpty()) continue;
      double min = Double.NaN, max = Double.NaN;
      long nans = 0;
      for (Metric m : ms) {
        if (Double.isNaN(m.value())) { nans++; continue; }
        min = Double.isNaN(min) ? m.value() : Math.min(min, m.value());
        max = Double.isNaN(max) ? m.value() : Math.max(max, m.value());
      }
      out.add(new SeriesBucket(ms.get(0).step(), ms.get(ms.size() - 1).step(), ms.get(0).value(),
          ms.get(ms.size() - 1).value(), min, max, ms.size(), nans));
    }
    return out;
  }

  @Test
  void nan_isCountedSeparately_andLeftOutOfMinAndMax() {
    String id = run();
    List<Metric> pts = new ArrayList<>();
    for (int i = 0; i < 3000; i++) pts.add(new Metric("m", i % 3 == 0 ? Double.NaN : i, 1L + i, i));
    for (int i = 3000; i < 4000; i++) pts.add(new Metric("m", Double.NaN, 1L + i, i));
    log(id, pts);
    SeriesBuckets s = one(id, "m", 4, XAxis.STEP, null, null);
    assertThat(s.buckets()).hasSize(4);
    SeriesBucket b0 = s.buckets().get(0);
    assertThat(b0.count()).isEqualTo(1000);
    assertThat(b0.nanCount()).isEqualTo(334);
    assertThat(b0.min()).isEqualTo(1.0);
    assertThat(b0.max()).isEqualTo(998.0);
    assertThat(b0.first()).isNaN();
    SeriesBucket b3 = s.buckets().get(3);
    assertThat(b3.count()).isEqualTo(1000);
    assertThat(b3.nanCount()).isEqualTo(1000);
    assertThat(b3.min()).isNaN();
    assertThat(b3.max()).isNaN();
  }

  @Test
  void range_limitsThePointsAndTheBucketsSpanOnlyIt() {
    String id = run();
    List<Metric> pts = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) pts.add(new Metric("m", i, 1000L + i, i));
    log(id, pts);
    SeriesBuckets s = one(id, "m", 100, XAxis.STEP, 20_000L, 29_999L);
    assertThat(total(s)).isEqualTo(10_000);
    assertThat(s.buckets()).hasSize(100);
    assertThat(s.buckets().get(0).xMin()).isEqualTo(20_000);
    assertThat(s.buckets().get(0).first()).isEqualTo(20_000.0);
    assertThat(s.buckets().get(99).xMax()).isEqualTo(29_999);
    for (SeriesBucket b : s.buckets()) assertThat(b.count()).isEqualTo(100);

    SeriesBuckets narrow = one(id, "m", 1000, XAxis.STEP, 100L, 199L);
    assertThat(narrow.downsampled()).isFalse();
    assertThat(narrow.buckets()).hasSize(100);
    assertThat(narrow.buckets().get(0)).isEqualTo(SeriesBucket.point(100, 100.0));
  }

  @Test
  void timeAxis_bucketsByTimestamp() {
    String id = run();
    List<Metric> pts = new ArrayList<>();
    // Steps in order, timestamps 10 ms apart; the second half was logged an hour later.
    for (int i = 0; i < 4000; i++) pts.add(new Metric("m", i, (i < 2000 ? 0 : 3_600_000L) + 10L * i, i));
    log(id, pts);
    SeriesBuckets s = one(id, "m", 10, XAxis.TIME, null, null);
    assertThat(s.x()).isEqualTo(XAxis.TIME);
    assertThat(total(s)).isEqualTo(4000);
    assertThat(s.buckets().get(0).xMin()).isZero();
    assertThat(s.buckets().get(s.buckets().size() - 1).xMax()).isEqualTo(3_600_000L + 39_990L);
    // The hour's gap leaves the buckets between the two halves empty: only the first and last remain.
    assertThat(s.buckets()).hasSize(2);

    SeriesBuckets within = one(id, "m", 1000, XAxis.TIME, 3_600_000L, null);
    assertThat(total(within)).isEqualTo(2000);
  }

  @Test
  void severalRuns_answerInTheOrderAsked_unknownKeyIsEmpty() {
    String a = run();
    String b = run();
    log(a, List.of(new Metric("m", 1, 1, 0)));
    log(b, List.of(new Metric("m", 2, 1, 0), new Metric("m", 3, 2, 1)));
    List<SeriesBuckets> s = store.downsampleSeries(List.of(b, a), "m", 10, XAxis.STEP, null, null);
    assertThat(s).extracting(SeriesBuckets::runId).containsExactly(b, a);
    assertThat(s.get(0).buckets()).hasSize(2);
    SeriesBuckets none = one(a, "nope", 10, XAxis.STEP, null, null);
    assertThat(none.buckets()).isEmpty();
    assertThat(none.pointCount()).isZero();
  }

  @Test
  void unknownRun_isNotFound() {
    assertThatThrownBy(() -> store.downsampleSeries(List.of("missing"), "m", 10, XAxis.STEP, null, null))
        .isInstanceOfSatisfying(VigilException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
  }

  @Test
  void experimentStats_countActiveRuns_andLastActivity() {
    String e = newExperiment("stats");
    newRun(e, "a", 1000);
    String b = newRun(e, "b", 2000).info().runId();
    String gone = newRun(e, "c", 9000).info().runId();
    store.updateRun(b, io.vigil.model.RunStatus.FINISHED, 5000L, null);
    store.setRunLifecycle(gone, io.vigil.model.LifecycleStage.DELETED);
    List<ExperimentStats> stats = store.experimentStats(List.of(e, "0", "424242", "x"));
    assertThat(stats).containsExactly(new ExperimentStats(e, 2, 5000L), new ExperimentStats("0", 0, null),
        new ExperimentStats("424242", 0, null), new ExperimentStats("x", 0, null));
  }
}
