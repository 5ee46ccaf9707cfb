package io.vigil.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.client.ActiveRun;
import io.vigil.client.ClientConfig;
import io.vigil.client.LoggingFailedException;
import io.vigil.client.RunPage;
import io.vigil.client.RunQuery;
import io.vigil.client.VigilClient;
import io.vigil.client.VigilHttpException;
import io.vigil.model.Experiment;
import io.vigil.model.Metric;
import io.vigil.model.Param;
import io.vigil.model.Run;
import io.vigil.model.RunStatus;
import io.vigil.model.RunTag;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's whole API against a real Vigil server started in-process on port 0. */
class SdkApiTest {
  @TempDir static Path dir;
  static VigilServer server;
  static VigilClient client;

  @BeforeAll
  static void start() {
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("vigil.db").toAbsolutePath(),
        dir.resolve("artifacts").toString())).start();
    client = VigilClient.create(ClientConfig.builder(server.url()).shutdownHook(false).flushInterval(Duration.ofMillis(50)).build());
  }

  @AfterAll
  static void stop() {
    if (client != null) client.close();
    if (server != null) server.close();
  }

  private static String tag(Run run, String key) {
    return run.data().tags().stream().filter(t -> t.key().equals(key)).map(RunTag::value).findFirst().orElse(null);
  }

  @Test
  void experiments_createGetByNameAndGetOrCreate() {
    String id = client.createExperiment("exp-a");
    assertThat(client.getExperiment(id).name()).isEqualTo("exp-a");
    assertThat(client.getExperimentByName("exp-a")).map(Experiment::experimentId).contains(id);
    assertThat(client.getExperimentByName("no-such-experiment")).isEmpty();
    assertThat(client.getOrCreateExperiment("exp-a").experimentId()).isEqualTo(id);
    String other = client.getOrCreateExperiment("exp-b").experimentId();
    assertThat(other).isNotEqualTo(id);
    assertThat(client.getOrCreateExperiment("exp-b").experimentId()).isEqualTo(other);
  }

  @Test
  void syncErrors_carryTheServersMessage() {
    client.createExperiment("dup");
    assertThatThrownBy(() -> client.createExperiment("dup")).isInstanceOf(VigilHttpException.class)
        .satisfies(e -> {
          VigilHttpException h = (VigilHttpException) e;
          assertThat(h.status()).isEqualTo(400);
          assertThat(h.errorCode()).isEqualTo("RESOURCE_ALREADY_EXISTS");
          assertThat(h.serverMessage()).contains("dup");
        });
    assertThatThrownBy(() -> client.getRun("0123456789abcdef0123456789abcdef")).isInstanceOf(VigilHttpException.class)
        .satisfies(e -> assertThat(((VigilHttpException) e).status()).isEqualTo(404));
  }

  @Test
  void tryWithResources_logsEverything_andEndsFinished() {
    String runId;
    try (ActiveRun run = client.startRun("api", "finished-run")) {
      runId = run.runId();
      run.logParam("lr", "0.1");
      run.logParams(Map.of("epochs", 10, "optimizer", "sgd"));
      run.setTag("team", "ml");
      run.logMetric("loss", 0.9);
      for (int step = 0; step < 5; step++) run.logMetric("acc", 0.5 + step / 10.0, step);
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("precision", 0.8);
      m.put("recall", 0.7);
      run.logMetrics(m, 4);
    }
    Run run = client.getRun(runId);
    assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.info().endTime()).isNotNull();
    assertThat(run.info().runName()).isEqualTo("finished-run");
    assertThat(run.data().params()).extracting(Param::key).containsExactlyInAnyOrder("lr", "epochs", "optimizer");
    assertThat(tag(run, "team")).isEqualTo("ml");
    assertThat(run.data().metrics()).extracting(Metric::key).containsExactlyInAnyOrder("loss", "acc", "precision", "recall");
    assertThat(client.getMetricHistory(runId, "acc")).extracting(Metric::step).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void fail_endsTheRunFailed() {
    String runId;
    try (ActiveRun run = client.startRun("api", "failed-run")) {
      runId = run.runId();
      run.fail(new IllegalStateException("diverged"));
    }
    assertThat(client.getRun(runId).info().status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void withRun_endsFinished_orFailedAndRethrows() throws Exception {
    String[] ids = new String[2];
    client.withRun("api", "callback-ok", run -> {
      ids[0] = run.runId();
      run.logMetric("m", 1, 0);
    });
    assertThat(client.getRun(ids[0]).info().status()).isEqualTo(RunStatus.FINISHED);
    Exception boom = new Exception("checked boom");
    assertThatThrownBy(() -> client.withRun("api", "callback-fails", run -> {
      ids[1] = run.runId();
      throw boom;
    })).isSameAs(boom);
    assertThat(client.getRun(ids[1]).info().status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void nestedRuns_carryTheParentTag() {
    try (ActiveRun parent = client.startRun("api", "parent")) {
      String childId;
      try (ActiveRun child = parent.startChildRun("child")) {
        childId = child.runId();
        assertThat(child.experimentId()).isEqualTo(parent.experimentId());
      }
      Run child = client.getRun(childId);
      assertThat(tag(child, "mlflow.parentRunId")).isEqualTo(parent.runId());
      List<Run> children = client.searchAllRuns(RunQuery.builder(parent.experimentId())
          .filter("tags.mlflow.parentRunId = '" + parent.runId() + "'").build());
      assertThat(children).extracting(r -> r.info().runId()).containsExactly(childId);
    }
  }

  @Test
  void searchRuns_filtersOrdersAndPages() {
    String exp = client.createExperiment("search");
    for (int i = 0; i < 5; i++) {
      try (ActiveRun run = client.startRun("search", "r" + i)) {
        run.logParam("i", String.valueOf(i));
        run.logMetric("score", i * 10, 0);
      }
    }
    RunPage first = client.searchRuns(RunQuery.builder(exp).filter("metrics.score >= 20").orderBy("metrics.score DESC")
        .maxResults(2).build());
    assertThat(first.runs()).extracting(r -> r.info().runName()).containsExactly("r4", "r3");
    assertThat(first.hasNext()).isTrue();
    List<Run> all = client.searchAllRuns(RunQuery.builder(exp).filter("metrics.score >= 20").orderBy("metrics.score DESC")
        .maxResults(2).build());
    assertThat(all).extracting(r -> r.info().runName()).containsExactly("r4", "r3", "r2");
    assertThatThrownBy(() -> client.searchRuns(RunQuery.builder(exp).filter("metrics.score >>> 1").build()))
        .isInstanceOf(VigilHttpException.class).hasMessageContaining(">>>");
  }

  @Test
  void metricHistory_followsPageTokens() {
    try (ActiveRun run = client.startRun("api", "long-history")) {
      for (int step = 0; step < 2500; step++) run.logMetric("loss", 1.0 / (step + 1), step);
      run.flush();
      List<Metric> history = client.getMetricHistory(run.runId(), "loss", 300);
      assertThat(history).hasSize(2500);
      for (int step = 0; step < 2500; step++) {
        assertThat(history.get(step).step()).isEqualTo(step);
        assertThat(history.get(step).value()).isEqualTo(1.0 / (step + 1));
      }
    }
  }

  @Test
  void nanAndInfinity_roundTrip() {
    try (ActiveRun run = client.startRun("api", "non-finite")) {
      run.logMetric("x", Double.NaN, 0);
      run.logMetric("x", Double.POSITIVE_INFINITY, 1);
      run.flush();
      List<Metric> h = client.getMetricHistory(run.runId(), "x");
      assertThat(h.get(0).value()).isNaN();
      assertThat(h.get(1).value()).isGreaterThan(1e300);
    }
  }

  @Test
  void a400FromTheServer_surfacesFromFlushWithTheServersMessage() {
    ActiveRun run = client.startRun("api", "param-changed");
    run.logParam("lr", "0.1");
    run.flush();
    run.logParam("lr", "0.2");
    assertThatThrownBy(run::flush).isInstanceOf(LoggingFailedException.class)
        .hasMessageContaining("Changing param values is not allowed")
        .satisfies(e -> assertThat(((LoggingFailedException) e).failures().get(0).status()).isEqualTo(400));
    run.close();
    assertThat(client.getRun(run.runId()).info().status()).isEqualTo(RunStatus.FINISHED);
  }
}
