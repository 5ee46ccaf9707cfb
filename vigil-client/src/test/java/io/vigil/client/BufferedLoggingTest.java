package io.vigil.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The buffer, batching, retry and failure-reporting logic against a scripted transport. */
class BufferedLoggingTest {
  private final FakeTransport transport = new FakeTransport();
  private final List<LogFailure> reported = Collections.synchronizedList(new ArrayList<>());
  private VigilClient client;

  private ClientConfig.Builder config() {
    return ClientConfig.builder("http://vigil.invalid:5000")
        .transport(transport)
        .shutdownHook(false)
        .flushInterval(Duration.ofSeconds(30)) // tests flush explicitly unless they say otherwise
        .retryPolicy(new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, Duration.ofSeconds(5)))
        .failureListener(reported::add);
  }

  private VigilClient client(ClientConfig.Builder b) {
    client = VigilClient.create(b.build());
    return client;
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      try {
        client.close();
      } catch (RuntimeException ignored) {
        // some tests leave failures behind on purpose
      }
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
      Thread.sleep(2);
    }
  }

  @Test
  void logBatch_splitsAtMlflowsLimit_andKeepsOrder() {
    VigilClient c = client(config());
    ActiveRun run = c.startRun(RunOptions.inExperimentId("1").build());
    for (int i = 0; i < 2500; i++) run.logMetric(i % 2 == 0 ? "loss" : "acc", i, i);
    run.flush();
    List<JsonNode> batches = transport.batches();
    assertThat(batches).allSatisfy(b -> assertThat(b.path("metrics").size()).isLessThanOrEqualTo(1000));
    assertThat(batches.stream().mapToInt(b -> b.path("metrics").size()).sum()).isEqualTo(2500);
    List<String> points = transport.points();
    for (int i = 0; i < 2500; i++) {
      assertThat(points.get(i)).isEqualTo("run1 " + (i % 2 == 0 ? "loss" : "acc") + " " + i + " " + (double) i);
    }
  }

  @Test
  void fullBatches_areSentWithoutWaitingForTheInterval() throws Exception {
    VigilClient c = client(config().maxBatchMetrics(100));
    ActiveRun run = c.startRun(RunOptions.inExperimentId("1").build());
    for (int i = 0; i < 300; i++) run.logMetric("m", i, i);
    await(() -> transport.points().size() == 300);
  }

  @Test
  void partialBatches_areSentWhenTheFlushIntervalPasses() throws Exception {
    VigilClient c = client(config().flushInterval(Duration.ofMillis(20)));
    ActiveRun run = c.startRun(RunOptions.inExperimentId("1").build());
    run.logMetric("m", 1.0, 1);
    await(() -> transport.points().size() == 1);
  }

  @Test
  void pointsOfSeveralRuns_goToTheirOwnRuns() {
    VigilClient c = client(config());
    ActiveRun a = c.startRun(RunOptions.inExperimentId("1").build());
    ActiveRun b = c.startRun(RunOptions.inExperimentId("1").build());
    for (int i = 0; i < 10; i++) {
      a.logMetric("m", i, i);
      b.logMetric("m", -i, i);
    }
    c.flush();
    assertThat(transport.points()).filteredOn(p -> p.startsWith("run1 ")).hasSize(10);
    assertThat(transport.points()).filteredOn(p -> p.startsWith("run2 ")).hasSize(10)
        .allSatisfy(p -> assertThat(p).matches("run2 m \\d+ -?\\d+\\.0"));
  }

  @Test
  void nanAndInfinity_areSentAsProto3Strings() {
    VigilClient c = client(config());
    ActiveRun run = c.startRun(RunOptions.inExperimentId("1").build());
    run.logMetric("m", Double.NaN, 0);
    run.logMetric("m", Double.POSITIVE_INFINITY, 1);
    run.logMetric("m", Double.NEGATIVE_INFINITY, 2);
    run.flush();
    JsonNode metrics = transport.batches().get(0).path("metrics");
    assertThat(metrics.get(0).get("value").isTextual()).isTrue();
    assertThat(metrics.get(0).get("value").asText()).isEqualTo("NaN");
    assertThat(metrics.get(1).get("value").asText()).isEqualTo("Infinity");
    assertThat(metrics.get(2).get("value").asText()).isEqualTo("-Infinity");
  }

  @Test
  void paramsAndTags_areBatchedWithinLimits_andEqualReLogsCollapse() {
    VigilClient c = client(config());
    ActiveRun run = c.startRun(RunOptions.inExperimentId("1").build());
    run.logParam("p0", "v0");
    run.logParam("p0", "v0"); // an equal re-log inside one batch would be refused as a duplicate key
    for (int i = 1; i < 250; i++) run.logParam("p" + i, "v" + i);
    run.setTag("t", "1");
    run.setTag("t", "2");
    run.flush();
    int params = 0;
    List<String> tagValues = new ArrayList<>();
    for (JsonNode b : transport.batches()) {
      assertThat(b.path("params").size()).isLessThanOrEqualTo(100);
      assertThat(b.path("tags").size()).isLessThanOrEqualTo(100);
      params += b.path("params").size();
      for (JsonNode t : b.path("tags")) tagValues.add(t.get("value").asText());
    }
    assertThat(params).isEqualTo(250);
    assertThat(tagValues).containsExactly("1", "2");
  }

  @Test
  void badKey_failsAtTheCall() {
    VigilClient c = client(config());
    ActiveRun run = c.startRun(RunOptions.inExperimentId("1").build());
    assertThatThrownBy(() -> run.logMetric("bad{key}", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad{key}");
    assertThatThrownBy(() -> run.logMetric("../up", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> run.logParam("x".repeat(251), "v")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void transientFailures_areRetried_untilStored() {
    transport.handler = (body, call) -> {
      if (call == 1) throw new ConnectException("Connection refused");
      if (call == 2) return FakeTransport.status(503, "0", "busy");
      if (call == 3) return FakeTransport.status(429, null, "{}");
      return FakeTransport.ok("{}");
    };
    VigilClient c = client(config());
    ActiveRun run = c.startRun(RunOptions.inExperimentId("1").build());
    run.logMetric("m", 1, 1);
    run.flush();
    assertThat(transport.points()).containsExactly("run1 m 1 1.0");
    assertThat(transport.batchCalls.get()).isEqualTo(4);
    assertThat(reported).isEmpty();
  }

  @Test
  void permanentFailure_isNotRetried_isReported_andThrownFromTheNextFlush() {
    transport.handler = (body, call) -> call == 1
        ? FakeTransport.status(400, null, "{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"Run is deleted\"}")
        : FakeTransport.ok("{}");
    VigilClient c = client(config());
    ActiveRun run = c.startRun(RunOptions.inExperimentId("1").build());
    run.logMetric("m", 1, 1);
    assertThatThrownBy(run::flush).isInstanceOf(LoggingFailedException.class).hasMessageContaining("Run is deleted")
        .satisfies(e -> assertThat(((LoggingFailedException) e).failures().get(0).metrics()).isEqualTo(1));
    assertThat(transport.batchCalls.get()).isEqualTo(1);
    assertThat(reported).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(400);
      assertThat(f.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
      assertThat(f.permanent()).isTrue();
    });
    run.logMetric("m", 2, 2);
    run.flush(); // the failure was reported once; later data goes through
    assertThat(transport.points()).containsExactly("run1 m 2 2.0");
  }

  @Test
  void retryBudgetExhausted_isReportedAsAFailure() {
    transport.handler = (body, call) -> {
      throw new IOException("Connection reset");
    };
    VigilClient c = client(config().retryPolicy(new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(2), 2.0, Duration.ofMillis(50))));
    ActiveRun run = c.startRun(RunOptions.inExperimentId("1").build());
    run.logMetric("m", 1, 1);
    assertThatThrownBy(run::flush).isInstanceOf(LoggingFailedException.class).hasMessageContaining("Connection reset");
    assertThat(transport.batchCalls.get()).isGreaterThan(1);
  }

  @Test
  void dropPolicy_dropsWhenFull_andCounts() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    transport.handler = (body, call) -> {
      release.await();
      return FakeTransport.ok("{}");
    };
    VigilClient c = client(config().bufferCapacity(16).maxBatchMetrics(4).bufferFullPolicy(BufferFullPolicy.DROP));
    ActiveRun run = c.startRun(RunOptions.inExperimentId("1").build());
    for (int i = 0; i < 100; i++) run.logMetric("m", i, i);
    release.countDown();
    c.flush();
    assertThat(c.droppedPoints()).isGreaterThan(0);
    assertThat(transport.points().size() + c.droppedPoints()).isEqualTo(100);
  }

  @Test
  void blockPolicy_throwsAfterTheTimeout_whenTheServerDoesNotDrain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    transport.handler = (body, call) -> {
      release.await();
      return FakeTransport.ok("{}");
    };
    VigilClient c = client(config().bufferCapacity(8).maxBatchMetrics(4).blockTimeout(Duration.ofMillis(100)));
    ActiveRun run = c.startRun(RunOptions.inExperimentId("1").build());
    assertThatThrownBy(() -> {
      for (int i = 0; i < 100; i++) run.logMetric("m", i, i);
    }).isInstanceOf(BufferFullException.class).hasMessageContaining("stayed full");
    release.countDown();
  }

  @Test
  void closingTheRun_flushesBeforeEndingIt() {
    VigilClient c = client(config());
    try (ActiveRun run = c.startRun(RunOptions.inExperimentId("1").build())) {
      run.logMetric("m", 1, 1);
    }
    List<String> paths = transport.paths;
    int batch = paths.indexOf("POST /api/2.0/mlflow/runs/log-batch");
    int update = paths.indexOf("POST /api/2.0/mlflow/runs/update");
    assertThat(batch).isNotNegative().isLessThan(update);
  }

  @Test
  void trackingUri_comesFromVigilThenMlflowVariables() {
    assertThat(ClientConfig.trackingUriFrom(Map.of("VIGIL_TRACKING_URI", "http://a:1", "MLFLOW_TRACKING_URI", "http://b:2")))
        .isEqualTo("http://a:1");
    assertThat(ClientConfig.trackingUriFrom(Map.of("MLFLOW_TRACKING_URI", "http://b:2"))).isEqualTo("http://b:2");
    assertThat(ClientConfig.trackingUriFrom(Map.of())).isEqualTo(ClientConfig.DEFAULT_TRACKING_URI);
    assertThatThrownBy(() -> ClientConfig.trackingUriFrom(Map.of("MLFLOW_TRACKING_URI", "file:///tmp/mlruns")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
  }
}
