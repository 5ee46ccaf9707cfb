package io.vigil.server.http.vigil;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.metrics.evaluation.Evaluation;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvaluateRoutesTest {
  private static final ObjectMapper M = new ObjectMapper();
  @TempDir static Path dir;
  static VigilServer server;
  static HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("eval.db").toAbsolutePath(),
        dir.resolve("artifacts").toAbsolutePath().toString())).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
    if (body != null) {
      if (contentType != null) b.header("Content-Type", contentType);
      b.method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> evaluate(String body) throws Exception {
    return send("POST", "/api/vigil/evaluate", "application/json", body);
  }

  static JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return M.readTree(r.body());
  }

  static String badRequest(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode b = M.readTree(r.body());
    assertThat(b.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    return b.get("message").asText();
  }

  static void assertMetrics(JsonNode metrics, Map<String, Double> expected) {
    assertThat(metrics.size()).isEqualTo(expected.size());
    expected.forEach((k, v) -> {
      if (v.isNaN()) assertThat(metrics.get(k).asText()).as(k).isEqualTo("NaN");
      else assertThat(metrics.get(k).doubleValue()).as(k).isEqualTo(v);
    });
  }

  static String newRun() throws Exception {
    String exp = ok(send("POST", "/api/2.0/mlflow/experiments/create", "application/json",
        "{\"name\":\"e-" + UUID.randomUUID() + "\"}")).get("experiment_id").asText();
    return ok(send("POST", "/api/2.0/mlflow/runs/create", "application/json", "{\"experiment_id\":\"" + exp + "\"}"))
        .at("/run/info/run_id").asText();
  }

  static Map<String, JsonNode> runMetrics(String runId) throws Exception {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode m : ok(send("GET", "/api/2.0/mlflow/runs/get?run_id=" + runId, null, null)).at("/run/data/metrics")) {
      out.put(m.get("key").asText(), m);
    }
    return out;
  }

  @Test
  void binary_handComputedValues() throws Exception {
    JsonNode m = ok(evaluate("""
        {"task": "binary", "y_true": [1,0,1,0,1,0,1,0], "y_pred": [1,0,0,1,1,0,1,0],
         "y_score": [0.9,0.2,0.4,0.6,0.8,0.1,0.7,0.3]}""")).get("metrics");
    assertThat(m.get("accuracy").doubleValue()).isEqualTo(0.75);
    assertThat(m.get("roc_auc").doubleValue()).isEqualTo(0.9375);
    assertThat(m.get("average_precision").doubleValue()).isEqualTo(0.95);
    assertThat(m.get("true_positives").doubleValue()).isEqualTo(3);
  }

  @Test
  void binary_stringLabelsAndPosLabel_matchEvaluation() throws Exception {
    JsonNode m = ok(evaluate("""
        {"task": "binary", "y_true": ["spam","ham","ham","spam"], "y_pred": ["spam","spam","ham","ham"],
         "y_score": [0.8, 0.6, 0.3, 0.45], "pos_label": "spam"}""")).get("metrics");
    assertMetrics(m, Evaluation.binary(List.of("spam", "ham", "ham", "spam"), List.of("spam", "spam", "ham", "ham"),
        new double[] {0.8, 0.6, 0.3, 0.45}, "spam"));
  }

  @Test
  void binary_numbersAndNumericStringsAreTheSameIntegerLabels() throws Exception {
    JsonNode m = ok(evaluate("{\"task\":\"binary\",\"y_true\":[1,\"0\",1,0],\"y_pred\":[\"1\",0,0,0],\"pos_label\":\"1\"}")).get("metrics");
    assertMetrics(m, Evaluation.binary(List.of(1L, 0L, 1L, 0L), List.of(1L, 0L, 0L, 0L), null, 1L));
  }

  @Test
  void binary_undefinedMetricIsTheStringNaN() throws Exception {
    JsonNode m = ok(evaluate("{\"task\":\"binary\",\"y_true\":[1,1],\"y_pred\":[1,1]}")).get("metrics");
    assertThat(m.get("cohen_kappa").isTextual()).isTrue();
    assertThat(m.get("cohen_kappa").asText()).isEqualTo("NaN");
  }

  @Test
  void multiclass_scoresInLabelsOrderOrSortedOrder() throws Exception {
    double[][] scores = {{0.7, 0.2, 0.1}, {0.5, 0.4, 0.1}, {0.1, 0.1, 0.8}, {0.2, 0.6, 0.2}};
    Map<String, Double> expected = Evaluation.multiclass(List.of("cat", "dog", "bird", "dog"), List.of("cat", "cat", "bird", "dog"),
        scores, List.of("cat", "dog", "bird"));
    assertMetrics(ok(evaluate("""
        {"task": "multiclass", "y_true": ["cat","dog","bird","dog"], "y_pred": ["cat","cat","bird","dog"],
         "y_score": [[0.7,0.2,0.1],[0.5,0.4,0.1],[0.1,0.1,0.8],[0.2,0.6,0.2]], "labels": ["cat","dog","bird"]}""")).get("metrics"),
        expected);
    // sorted order bird, cat, dog
    assertMetrics(ok(evaluate("""
        {"task": "multiclass", "y_true": ["cat","dog","bird","dog"], "y_pred": ["cat","cat","bird","dog"],
         "y_score": [[0.1,0.7,0.2],[0.1,0.5,0.4],[0.8,0.1,0.1],[0.2,0.2,0.6]]}""")).get("metrics"), expected);
  }

  @Test
  void regression_handComputedValues() throws Exception {
    JsonNode m = ok(evaluate("{\"task\":\"regression\",\"y_true\":[3,-0.5,2,7],\"y_pred\":[2.5,0.0,2,8]}")).get("metrics");
    assertThat(m.get("mse").doubleValue()).isEqualTo(0.375);
    assertThat(m.get("mae").doubleValue()).isEqualTo(0.5);
    assertThat(m.get("max_error").doubleValue()).isEqualTo(1.0);
    assertThat(m.has("msle")).isFalse();
  }

  @Test
  void runId_logsTheMetricsToTheRunInTheSameRequest() throws Exception {
    String runId = newRun();
    long before = System.currentTimeMillis();
    JsonNode m = ok(evaluate("{\"task\":\"regression\",\"y_true\":[1,2,3],\"y_pred\":[1,2,4],\"run_id\":\"" + runId + "\"}"))
        .get("metrics");
    Map<String, JsonNode> logged = runMetrics(runId);
    assertThat(logged.keySet()).containsExactlyInAnyOrderElementsOf(() -> m.fieldNames());
    m.fields().forEachRemaining(e -> {
      JsonNode l = logged.get(e.getKey());
      assertThat(l.get("value").doubleValue()).as(e.getKey()).isEqualTo(e.getValue().doubleValue());
      assertThat(l.get("step").asLong()).isZero();
      assertThat(l.get("timestamp").asLong()).isGreaterThanOrEqualTo(before);
    });
    assertThat(logged.get("mse").get("value").doubleValue()).isEqualTo(1.0 / 3);
  }

  @Test
  void runId_unknownRun_is404AndBadInputLogsNothing() throws Exception {
    HttpResponse<String> r = evaluate("{\"task\":\"regression\",\"y_true\":[1,2],\"y_pred\":[1,2],\"run_id\":\"nosuchrun\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    assertThat(M.readTree(r.body()).get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    String runId = newRun();
    badRequest(evaluate("{\"task\":\"regression\",\"y_true\":[1,2],\"y_pred\":[1],\"run_id\":\"" + runId + "\"}"));
    assertThat(runMetrics(runId)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      missing task                    | {"y_true":[1],"y_pred":[1]}                                                   | 'task'
      unknown task                    | {"task":"ranking","y_true":[1],"y_pred":[1]}                                  | unknown task 'ranking'
      task not a string               | {"task":3,"y_true":[1],"y_pred":[1]}                                          | 'task'
      missing y_true                  | {"task":"binary","y_pred":[1]}                                                | 'y_true'
      y_true not a list               | {"task":"binary","y_true":"1,0","y_pred":[1,0]}                               | 'y_true'
      null label                      | {"task":"binary","y_true":[1,null],"y_pred":[1,0]}                            | 'y_true[1]'
      object label                    | {"task":"binary","y_true":[1,{}],"y_pred":[1,0]}                              | 'y_true[1]'
      length mismatch                 | {"task":"binary","y_true":[1,0,1],"y_pred":[1,0]}                             | length mismatch
      empty input                     | {"task":"binary","y_true":[],"y_pred":[]}                                     | empty
      neither y_pred nor y_score      | {"task":"binary","y_true":[1,0]}                                              | y_pred is required
      score not a number              | {"task":"binary","y_true":[1,0],"y_pred":[1,0],"y_score":[0.5,"high"]}        | 'y_score[1]'
      binary score matrix             | {"task":"binary","y_true":[1,0],"y_pred":[1,0],"y_score":[[0.5,0.5],[1,0]]}   | 'y_score[0]'
      score outside 0..1              | {"task":"binary","y_true":[1,0],"y_pred":[1,0],"y_score":[1.5,0.2]}           | y_score
      string labels without pos_label | {"task":"binary","y_true":["a","b"],"y_pred":["a","b"]}                       | pos_label is required
      pos_label not a label           | {"task":"binary","y_true":["a","b"],"y_pred":["a","b"],"pos_label":"c"}       | pos_label c
      pos_label not an integer        | {"task":"binary","y_true":[1,0],"y_pred":[1,0],"pos_label":"yes"}             | pos_label 'yes'
      three labels for binary         | {"task":"binary","y_true":[0,1,2],"y_pred":[0,1,2]}                           | at most 2 labels
      labels on binary                | {"task":"binary","y_true":[1,0],"y_pred":[1,0],"labels":[0,1]}                | labels applies to multiclass
      multiclass flat scores          | {"task":"multiclass","y_true":[0,1,2],"y_pred":[0,1,2],"y_score":[0.1,0.2,0.7]} | 'y_score[0]'
      multiclass ragged scores        | {"task":"multiclass","y_true":[0,1,2],"y_pred":[0,1,2],"y_score":[[1,0,0],[0,1],[0,0,1]]} | y_score[1] has 2 columns
      multiclass duplicate labels     | {"task":"multiclass","y_true":[0,1],"y_pred":[0,1],"labels":[0,0]}            | twice
      multiclass label not in labels  | {"task":"multiclass","y_true":[0,1,2],"y_pred":[0,1,2],"y_score":[[1,0],[0,1],[1,0]],"labels":[0,1]} | 
      regression string values        | {"task":"regression","y_true":["a",2],"y_pred":[1,2]}                         | 'y_true[0]'
      regression with y_score         | {"task":"regression","y_true":[1,2],"y_pred":[1,2],"y_score":[1,2]}           | y_score applies to classification
      regression nan                  | {"task":"regression","y_true":["NaN",2],"y_pred":[1,2]}                       | 
      run_id not a string             | {"task":"regression","y_true":[1,2],"y_pred":[1,2],"run_id":7}                | 'run_id'
      invalid JSON                    | {"task":"binary",                                                             | not valid JSON
      not an object                   | [1,2]                                                                         | JSON object
      """)
  void badInput_is400WithAMessage(String name, String body, String contains) throws Exception {
    String message = badRequest(evaluate(body));
    if (contains != null) assertThat(message).contains(contains);
  }

  @Test
  void wrongContentType_is400() throws Exception {
    assertThat(badRequest(send("POST", "/api/vigil/evaluate", "text/plain", "{}"))).contains("Content-Type");
  }
}
