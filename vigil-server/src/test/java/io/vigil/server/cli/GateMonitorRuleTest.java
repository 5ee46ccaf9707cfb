package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.client.ActiveRun;
import io.vigil.client.ClientConfig;
import io.vigil.client.VigilClient;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil gate} rules comparing a candidate with a production monitor's latest closed windows. */
class GateMonitorRuleTest {
  static final long HOUR = 3_600_000L;
  static final long T0 = 1_767_225_600_000L;
  @TempDir Path dir;
  VigilServer server;
  String runId;

  /**
   * Monitor "churn": accuracy 0.5, 0.6, 0.9, 0.9 in windows 0-3, window 4 without labels, window 5
   * open (accuracy 0): the latest 3 closed windows with a value average 0.8. Model "churn" v1's run
   * has accuracy 0.79.
   */
  @BeforeEach
  void start() {
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("g.db").toAbsolutePath(),
        dir.resolve("artifacts").toAbsolutePath().toString()), Clock.fixed(Instant.ofEpochMilli(T0 + 5 * HOUR + 1), ZoneOffset.UTC))
        .start();
    try (VigilClient client = VigilClient.create(ClientConfig.builder(server.url()).shutdownHook(false).build())) {
      server.monitors().putMonitor("churn", io.vigil.server.http.Json.MAPPER.valueToTree(
          Map.of("task", "binary", "positive_label", 1, "metrics", List.of("accuracy"))));
      int[] correct = {5, 6, 9, 9, -1, 0};
      List<com.fasterxml.jackson.databind.JsonNode> preds = new ArrayList<>();
      List<com.fasterxml.jackson.databind.JsonNode> outcomes = new ArrayList<>();
      for (int w = 0; w < correct.length; w++) {
        for (int i = 0; i < 10; i++) {
          String id = w + "-" + i;
          preds.add(io.vigil.server.http.Json.MAPPER.valueToTree(
              Map.of("id", id, "timestamp", T0 + w * HOUR + i, "model_version", "1", "prediction", 1)));
          if (correct[w] >= 0) outcomes.add(io.vigil.server.http.Json.MAPPER.valueToTree(Map.of("id", id, "label", i < correct[w] ? 1 : 0)));
        }
      }
      server.monitors().ingestPredictions("churn", preds);
      server.monitors().ingestOutcomes("churn", outcomes);
      server.monitors().tick();

      try (ActiveRun run = client.startRun("training", "candidate")) {
        run.logMetric("accuracy", 0.79);
        runId = run.runId();
      }
      client.flush();
      client.registry().createRegisteredModel("churn");
      client.registry().createModelVersion("churn", "runs:/" + runId + "/model", runId);
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Cli.Result gate(String... args) {
    List<String> all = new ArrayList<>(List.of("gate"));
    all.addAll(List.of(args));
    all.addAll(List.of("--tracking-uri", server.url()));
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  void candidateAgainstTheMonitorsLatestClosedWindows() throws Exception {
    Path md = dir.resolve("gate.md");
    Cli.Result pass = gate("--model", "churn", "--candidate", "1", "--rule", "accuracy >= monitor - 0.02",
        "--report-markdown", md.toString());
    assertThat(pass.exit()).as(pass.out() + pass.err()).isZero();
    assertThat(pass.out()).contains("monitor churn (mean of the latest 3 closed windows, all versions)");
    assertThat(Files.readString(md)).contains("| accuracy | 0.79 | 0.8 | `accuracy >= monitor - 0.02` | 0.78 | ✅ pass |");

    Cli.Result fail = gate("--model", "churn", "--candidate", "1", "--rule", "accuracy >= monitor");
    assertThat(fail.exit()).as(fail.out() + fail.err()).isEqualTo(1);
    assertThat(fail.out()).contains("FAIL");

    // The latest 2 windows only: 0.9, so even the tolerant rule fails; 4 windows: 0.75.
    assertThat(gate("--model", "churn", "--candidate", "1", "--monitor-windows", "2", "--rule", "accuracy >= monitor - 0.02")
        .exit()).isEqualTo(1);
    assertThat(gate("--model", "churn", "--candidate", "1", "--monitor-windows", "4", "--rule", "accuracy >= monitor").exit())
        .isZero();
  }

  @Test
  void monitorOfAnotherModel_byName_andErrors() throws Exception {
    Cli.Result named = gate("--candidate-run", runId, "--rule", "accuracy >= monitor:churn * 0.98", "--monitor-version", "1");
    assertThat(named.exit()).as(named.out() + named.err()).isZero();
    assertThat(named.out()).contains("version 1");

    assertThat(gate("--candidate-run", runId, "--rule", "accuracy >= monitor").userError()).contains("--model");
    assertThat(gate("--candidate-run", runId, "--rule", "accuracy >= monitor:nope").userError()).contains("No monitor for model 'nope'");
    assertThat(gate("--candidate-run", runId, "--rule", "accuracy >= monitor:churn", "--monitor-version", "9").userError())
        .contains("no closed window with a value of 'accuracy' for version 9");
    assertThat(gate("--candidate-run", runId, "--rule", "accuracy >= monitor: - 1").userError()).contains("no model name");
  }
}
