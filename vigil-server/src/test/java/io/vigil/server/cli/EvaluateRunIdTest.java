package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil evaluate --run-id} against a real in-process tracking server. */
class EvaluateRunIdTest {
  private static final ObjectMapper M = new ObjectMapper();
  @TempDir static Path dir;
  static VigilServer server;
  static HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("cli.db").toAbsolutePath(),
        dir.resolve("artifacts").toAbsolutePath().toString())).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  static JsonNode call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow/" + path));
    if (body != null) b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return M.readTree(r.body());
  }

  static String newRun() throws Exception {
    String exp = call("POST", "experiments/create", "{\"name\":\"eval-" + UUID.randomUUID() + "\"}").get("experiment_id").asText();
    return call("POST", "runs/create", "{\"experiment_id\":\"" + exp + "\"}").at("/run/info/run_id").asText();
  }

  static Map<String, JsonNode> runMetrics(String runId) throws Exception {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode m : call("GET", "runs/get?run_id=" + runId, null).at("/run/data/metrics")) out.put(m.get("key").asText(), m);
    return out;
  }

  @Test
  void runId_logsEveryPrintedMetricToTheRunAtStepZero() throws Exception {
    String runId = newRun();
    String f = Cli.write(dir, "preds.csv", EvaluateCommandTest.BINARY).toString();
    long before = System.currentTimeMillis();
    Cli.Result r = Cli.run("evaluate", "--task", "binary", "--predictions", f, "--score-col", "y_score", "--json",
        "--run-id", runId, "--tracking-uri", server.url() + "/");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("logged 17 metrics to run " + runId);
    JsonNode printed = r.json().get("metrics");
    Map<String, JsonNode> logged = runMetrics(runId);
    assertThat(logged).hasSize(printed.size());
    printed.fields().forEachRemaining(e -> {
      JsonNode m = logged.get(e.getKey());
      assertThat(m).as(e.getKey()).isNotNull();
      assertThat(m.get("value").doubleValue()).as(e.getKey()).isEqualTo(e.getValue().doubleValue());
      assertThat(m.get("step").asLong()).isZero();
      assertThat(m.get("timestamp").asLong()).isGreaterThanOrEqualTo(before);
    });
    assertThat(logged.get("roc_auc").get("value").doubleValue()).isEqualTo(0.9375);
  }

  @Test
  void runId_unknownRun_printsServerMessageAndExitsNonZero() throws Exception {
    String f = Cli.write(dir, "preds2.csv", EvaluateCommandTest.BINARY).toString();
    Cli.Result r = Cli.run("evaluate", "--task", "binary", "--predictions", f, "--run-id", "nosuchrun", "--tracking-uri", server.url());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("accuracy");
    String err = r.err().strip();
    assertThat(err).doesNotContain("\n").startsWith("vigil: ").contains("HTTP 404").contains("RESOURCE_DOES_NOT_EXIST")
        .contains("nosuchrun");
  }

  @Test
  void runId_unreachableServer_isOneLineError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String f = Cli.write(dir, "preds3.csv", EvaluateCommandTest.BINARY).toString();
    Cli.Result r = Cli.run("evaluate", "--task", "binary", "--predictions", f, "--run-id", "abc", "--tracking-uri", "http://127.0.0.1:" + port);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("vigil: cannot connect to the tracking server at http://127.0.0.1:" + port + " (is it running?)");
  }

  @Test
  void runId_badInput_logsNothing() throws Exception {
    String runId = newRun();
    String f = Cli.write(dir, "bad.csv", "y_true,y_pred\n1,1\n0,x\n").toString();
    Cli.Result r = Cli.run("evaluate", "--task", "regression", "--predictions", f, "--run-id", runId, "--tracking-uri", server.url());
    assertThat(r.userError()).contains("bad.csv line 3, column 'y_pred'");
    assertThat(runMetrics(runId)).isEmpty();
  }
}
