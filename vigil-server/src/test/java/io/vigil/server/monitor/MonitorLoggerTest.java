package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.client.ClientConfig;
import io.vigil.client.MonitorLogger;
import io.vigil.client.VigilClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's monitoring logger against a real server: batched, non-blocking, joined outcomes. */
class MonitorLoggerTest {
  static final long T0 = 1_767_225_600_000L;
  @TempDir Path dir;

  @Test
  void logPredictionAndOutcome_reachTheWindows() throws Exception {
    try (MonitorApi api = new MonitorApi(dir, T0)) {
      api.json("PUT", "/api/vigil/monitors/churn", Map.of("task", "binary", "positive_label", 1,
          "metrics", List.of("accuracy"), "features", Map.of("age", "numeric")));
      try (VigilClient client = VigilClient.create(ClientConfig.builder(api.server.url()).shutdownHook(false)
          .flushInterval(Duration.ofMillis(20)).build())) {
        MonitorLogger m = client.monitor("churn");
        assertThat(client.monitor("churn")).isSameAs(m);
        for (int i = 0; i < 2500; i++) {
          m.logPrediction("r" + i, T0 + i, "5", Map.of("age", 20 + i % 50), i % 2, 0.5);
        }
        for (int i = 0; i < 2500; i++) m.logOutcome("r" + i, i < 2000 ? i % 2 : 1 - i % 2);
        assertThat(m.flush(Duration.ofSeconds(20))).isTrue();
        assertThat(m.dropped()).isZero();
        assertThat(m.failed()).isZero();
      }
      api.tick();
      assertThat(api.window("churn", "prediction_count", T0)).isEqualTo(2500.0);
      assertThat(api.window("churn", "accuracy", T0)).isEqualTo(0.8);
    }
  }

  @Test
  void rejectedBatch_isCountedNotThrown() throws Exception {
    try (MonitorApi api = new MonitorApi(dir, T0);
        VigilClient client = VigilClient.create(ClientConfig.builder(api.server.url()).shutdownHook(false)
            .flushInterval(Duration.ofMillis(20)).build())) {
      MonitorLogger m = client.monitor("no-such-model");
      m.logPrediction("a", "1", null, 1);
      assertThat(m.flush(Duration.ofSeconds(20))).isTrue();
      assertThat(m.failed()).isEqualTo(1);
    }
  }
}
