package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The gate end to end against an in-process server: two versions whose runs have known metrics, a
 * failing and a passing rule set, exit codes, JUnit XML parsed back, promotion, then rollback.
 */
class GateCommandTest {
  private static final ObjectMapper M = new ObjectMapper();
  @TempDir static Path dir;
  static VigilServer server;
  static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static String uri;

  @BeforeAll
  static void start() {
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("gate.db").toAbsolutePath(),
        dir.resolve("artifacts").toAbsolutePath().toString())).start();
    uri = server.url();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  static JsonNode call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri + "/api/2.0/mlflow/" + path));
    if (body != null) b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return M.readTree(r.body());
  }

  /** A run with these latest metric values. */
  static String runWith(Map<String, Double> metrics) throws Exception {
    String exp = call("POST", "experiments/create", "{\"name\":\"gate-" + UUID.randomUUID() + "\"}").get("experiment_id").asText();
    String run = call("POST", "runs/create", "{\"experiment_id\":\"" + exp + "\"}").at("/run/info/run_id").asText();
    StringBuilder batch = new StringBuilder("{\"run_id\":\"" + run + "\",\"metrics\":[");
    int i = 0;
    for (var e : metrics.entrySet()) {
      if (i++ > 0) batch.append(',');
      // an older, worse point first: the gate must read the latest value
      batch.append("{\"key\":\"").append(e.getKey()).append("\",\"value\":0,\"timestamp\":1,\"step\":0},");
      batch.append("{\"key\":\"").append(e.getKey()).append("\",\"value\":").append(e.getValue())
          .append(",\"timestamp\":2,\"step\":1}");
    }
    call("POST", "runs/log-batch", batch.append("]}").toString());
    return run;
  }

  static Cli.Result vigil(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--tracking-uri");
    all.add(uri);
    return Cli.run(all.toArray(String[]::new));
  }

  /** Registers two versions of a new model, v1 champion; returns the model name. */
  static String twoVersions() throws Exception {
    String model = "churn-" + UUID.randomUUID().toString().substring(0, 6);
    String r1 = runWith(Map.of("accuracy", 0.90, "f1_macro", 0.85, "latency_p95_ms", 100.0));
    String r2 = runWith(Map.of("accuracy", 0.895, "f1_macro", 0.86, "latency_p95_ms", 105.0));
    Cli.Result v1 = vigil("models", "register", model, "--source", "runs:/" + r1 + "/model", "--run-id", r1);
    assertThat(v1.exit()).as(v1.err()).isZero();
    assertThat(v1.out().strip()).isEqualTo("1");
    assertThat(vigil("models", "register", model, "--source", "runs:/" + r2 + "/model", "--run-id", r2).out().strip()).isEqualTo("2");
    assertThat(vigil("models", "set-alias", model, "--alias", "champion", "--version", "1").exit()).isZero();
    return model;
  }

  static Document xml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  static String champion(String model) throws Exception {
    return call("GET", "registered-models/alias?name=" + model + "&alias=champion", null).at("/model_version/version").asText();
  }

  @Test
  void failingRules_exit1_junitHasFailures_noPromotion_thenPassingRulesPromote_thenRollback() throws Exception {
    String model = twoVersions();
    Path rules = Cli.write(dir, "strict.yaml", """
        # stricter than the candidate can meet
        rules:
          - "accuracy > baseline"        # 0.895 vs 0.90: fails
          - 'f1_macro >= 0.80'
          - latency_p95_ms <= baseline * 1.01
        """);
    Path junit = dir.resolve("reports/strict.xml");
    Path md = dir.resolve("reports/strict.md");
    Cli.Result fail = vigil("gate", "--model", model, "--candidate", "2", "--rules", rules.toString(),
        "--report-junit", junit.toString(), "--report-markdown", md.toString(), "--promote", "champion");
    assertThat(fail.exit()).as(fail.out() + fail.err()).isEqualTo(1);
    assertThat(fail.out()).contains("FAIL").contains("gate FAILED: 2 of 3 rules failed");
    Document doc = xml(junit);
    NodeList cases = doc.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(3);
    assertThat(((Element) cases.item(0)).getAttribute("name")).isEqualTo("accuracy > baseline");
    assertThat(((Element) cases.item(0)).getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(((Element) cases.item(1)).getElementsByTagName("failure").getLength()).isZero();
    assertThat(((Element) cases.item(2)).getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(((Element) doc.getElementsByTagName("testsuite").item(0)).getAttribute("failures")).isEqualTo("2");
    assertThat(Files.readString(md)).contains("❌ failed").contains("| accuracy | 0.895 | 0.9 | `accuracy > baseline` |");
    assertThat(champion(model)).isEqualTo("1");

    Path passJunit = dir.resolve("reports/pass.xml");
    Cli.Result pass = vigil("gate", "--model", model, "--candidate", "2",
        "--rule", "accuracy >= baseline - 0.01", "--rule", "f1_macro > 0.80", "--rule", "latency_p95_ms <= baseline * 1.10",
        "--report-junit", passJunit.toString(), "--promote", "champion");
    assertThat(pass.exit()).as(pass.out() + pass.err()).isZero();
    assertThat(pass.out()).contains("gate passed: 3 rules").contains("promoted: " + model + "@champion -> v2");
    Document passed = xml(passJunit);
    assertThat(passed.getElementsByTagName("testcase").getLength()).isEqualTo(3);
    assertThat(passed.getElementsByTagName("failure").getLength()).isZero();
    assertThat(champion(model)).isEqualTo("2");

    Cli.Result back = vigil("models", "rollback", model, "--alias", "champion", "--reason", "accuracy dropped in prod");
    assertThat(back.exit()).as(back.err()).isZero();
    assertThat(back.out()).contains("v2 -> v1");
    assertThat(champion(model)).isEqualTo("1");

    Cli.Result history = vigil("models", "history", model);
    assertThat(history.exit()).isZero();
    String[] lines = history.out().strip().split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[2]).contains("v1").contains("v2").contains("set").contains("gate passed");
    assertThat(lines[3]).contains("rollback").contains("accuracy dropped in prod");
  }

  @Test
  void runsComparedDirectly_withoutTheRegistry() throws Exception {
    String a = runWith(Map.of("rmse", 1.0));
    String b = runWith(Map.of("rmse", 1.2));
    assertThat(vigil("gate", "--candidate-run", a, "--baseline-run", b, "--rule", "rmse <= baseline").exit()).isZero();
    assertThat(vigil("gate", "--candidate-run", b, "--baseline-run", a, "--rule", "rmse <= baseline").exit()).isEqualTo(1);
    assertThat(vigil("gate", "--candidate-run", b, "--rule", "rmse < 2").exit()).isZero();
  }

  @Test
  void dataAndUsageErrors_exit2_withOneLine() throws Exception {
    String model = twoVersions();
    assertThat(vigil("gate", "--model", model, "--candidate", "2", "--rule", "auc >= baseline").userError())
        .contains("metric 'auc' is missing from the candidate's run");
    assertThat(vigil("gate", "--model", "no-such-model", "--candidate", "1", "--rule", "accuracy > 0.5").userError())
        .contains("no-such-model");
    assertThat(vigil("gate", "--model", model, "--candidate", "7", "--rule", "accuracy > 0.5").userError()).contains("version=7");
    assertThat(vigil("gate", "--model", model, "--candidate", "2", "--baseline", "nope", "--rule", "accuracy > baseline")
        .userError()).contains("no alias 'nope'");
    assertThat(vigil("gate", "--model", model, "--candidate", "2", "--rule", "accuracy => 0.5").userError()).contains("invalid rule");
    assertThat(vigil("gate", "--model", model, "--candidate", "2").userError()).contains("no rules");
    Path bad = Cli.write(dir, "bad.yaml", "rules:\n  accuracy > 1\n");
    assertThat(vigil("gate", "--model", model, "--candidate", "2", "--rules", bad.toString()).userError()).contains("line 2");
    assertThat(champion(model)).isEqualTo("1");
  }

  @Test
  void rollbackWithoutHistory_isExit2() throws Exception {
    String model = twoVersions();
    assertThat(vigil("models", "rollback", model).userError()).contains("no previous version");
  }

  @Test
  void webhooksCli_addListDeliveries_andTheGateReportsItsResult() throws Exception {
    String model = twoVersions();
    Cli.Result add = vigil("webhooks", "add", "--url", "http://127.0.0.1:9/hook", "--event", "gate.failed", "--secret", "k");
    assertThat(add.exit()).as(add.err()).isZero();
    String id = add.out().lines().filter(l -> l.startsWith("id:")).findFirst().orElseThrow().substring(3).trim();
    assertThat(add.out()).contains("secret: k");
    assertThat(vigil("webhooks", "list").out()).contains(id).contains("http://127.0.0.1:9/hook").contains("gate.failed");
    assertThat(vigil("gate", "--model", model, "--candidate", "2", "--rule", "accuracy > baseline").exit()).isEqualTo(1);
    assertThat(call("GET", "model-versions/get?name=" + model + "&version=2", null).at("/model_version/tags/0/value").asText())
        .isEqualTo("failed");
    long deadline = System.nanoTime() + 10_000_000_000L;
    String deliveries;
    do {
      Thread.sleep(20);
      deliveries = vigil("webhooks", "deliveries", id).out();
    } while (!deliveries.contains("gate.failed") && System.nanoTime() < deadline);
    assertThat(deliveries).contains("gate.failed").contains("ConnectException");
    assertThat(vigil("webhooks", "deliveries", "nope").userError()).contains("No webhook");
  }
}
