package io.vigil.bench.series;

import io.vigil.model.Metric;
import io.vigil.server.store.SeriesBuckets;
import io.vigil.server.store.TrackingStore;
import io.vigil.server.store.XAxis;
import io.vigil.server.store.NewRun;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dashboard's downsampled-series read: one run's metric history of {@code points} points
 * (in-order appends of 10,000-point batches, as a training loop logs them) in a SQLite store,
 * reduced to 1000 buckets through {@link TrackingStore#downsampleSeries} — the whole history, by
 * step and by wall time, and a zoom on its middle tenth. Target: under 50 ms for 1M points.
 *
 * <p>Run: {@code mvn -B -q -pl bench -am package -DskipTests && java -jar bench/target/vigil-bench.jar SeriesDownsample}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SeriesDownsampleBenchmark {
  @Param({"1000000"})
  int points;

  @Param({"1000"})
  int buckets;

  Path dir;
  TrackingStore store;
  String runId;

  @Setup
  public void setup() throws Exception {
    dir = Files.createTempDirectory("vigil-bench-series");
    store = new JdbcTrackingStore(Database.openSqlite(dir.resolve("bench.db")), dir.resolve("a").toString(), Clock.systemUTC());
    runId = store.createRun(new NewRun("0", "bench", 0, "bench", List.of())).info().runId();
    SplittableRandom rnd = new SplittableRandom(42);
    List<Metric> batch = new ArrayList<>(10_000);
    for (int i = 0; i < points; i++) {
      batch.add(new Metric("loss", Math.exp(-i / 200_000.0) + rnd.nextGaussian() * 0.01, 1_700_000_000_000L + 37L * i, i));
      if (batch.size() == 10_000) {
        store.logBatch(runId, batch, List.of(), List.of());
        batch.clear();
      }
    }
    if (!batch.isEmpty()) store.logBatch(runId, batch, List.of(), List.of());
  }

  @TearDown
  public void tearDown() throws Exception {
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public SeriesBuckets wholeHistoryByStep() {
    return store.downsampleSeries(List.of(runId), "loss", buckets, XAxis.STEP, null, null).get(0);
  }

  @Benchmark
  public SeriesBuckets wholeHistoryByTime() {
    return store.downsampleSeries(List.of(runId), "loss", buckets, XAxis.TIME, null, null).get(0);
  }

  @Benchmark
  public SeriesBuckets zoomOnMiddleTenth() {
    long from = points * 45L / 100;
    return store.downsampleSeries(List.of(runId), "loss", buckets, XAxis.STEP, from, from + points / 10 - 1).get(0);
  }
}
