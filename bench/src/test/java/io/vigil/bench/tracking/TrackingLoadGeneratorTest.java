package io.vigil.bench.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test: the generator runs every scenario, with tiny sizes, against an in-process server. */
class TrackingLoadGeneratorTest {

  @Test
  @Timeout(180)
  void runsEveryScenarioAndReportsPositiveFigures(@TempDir Path dir) throws Exception {
    ServerConfig config = new ServerConfig("127.0.0.1", 0,
        "sqlite:///" + dir.resolve("vigil.db").toAbsolutePath(), dir.resolve("artifacts").toString());
    try (VigilServer server = VigilServer.create(config).start()) {
      ByteArrayOutputStream progress = new ByteArrayOutputStream();
      TrackingLoadGenerator gen = new TrackingLoadGenerator(URI.create(server.url()),
          TrackingLoadGenerator.Sizes.tiny(), new PrintStream(progress, true, StandardCharsets.UTF_8));
      gen.awaitHealthy(Duration.ofSeconds(10));

      List<TrackingLoadGenerator.Result> results = gen.runAll();

      assertThat(results).extracting(TrackingLoadGenerator.Result::id).containsExactly(
          "batch-c1", "batch-c4", "metric-c1", "metric-c4", "history-small", "history-large", "search");
      for (TrackingLoadGenerator.Result r : results) {
        assertThat(r.operations()).as(r.id()).isPositive();
        assertThat(r.seconds()).as(r.id()).isPositive();
        assertThat(r.throughput()).as(r.id()).isPositive();
        assertThat(r.p50Ms()).as(r.id()).isPositive();
        assertThat(r.p99Ms()).as(r.id()).isGreaterThanOrEqualTo(r.p50Ms());
      }
      String table = TrackingLoadGenerator.markdown(results, TrackingLoadGenerator.Sizes.tiny());
      assertThat(table).startsWith("| scenario | Vigil | MLflow 2.12.2 reference | target |")
          .contains("log-batch", "log-metric", "get-history", "runs/search");
      assertThat(table.lines().filter(l -> l.startsWith("| ")).count()).isEqualTo(1 + results.size());
    }
  }

  @Test
  void refusesNonLoopbackAddresses() {
    assertThatThrownBy(() -> new TrackingLoadGenerator(URI.create("http://192.0.2.1:5000"),
        TrackingLoadGenerator.Sizes.tiny(), System.err)).isInstanceOf(IllegalArgumentException.class);
  }
}
