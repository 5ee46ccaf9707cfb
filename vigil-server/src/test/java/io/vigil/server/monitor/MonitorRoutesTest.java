package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorRoutesTest {
  static final long HOUR = 3_600_000L;
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  @TempDir Path dir;
  MonitorApi api;

  @BeforeEach
  void start() throws Exception {
    api = new MonitorApi(dir, T0);
    api.json("PUT", "/api/vigil/monitors/churn", Map.of("task", "binary", "window", "1h",
        "metrics", List.of("accuracy", "f1", "precision", "recall"), "positive_label", 1,
        "features", Map.of("age", "numeric", "city", "categorical")));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static Map<String, Object> prediction(String id, Object ts, Object prediction) {
    return Map.of("id", id, "timestamp", ts, "model_version", "3", "features", Map.of("age", 30, "city", "Oslo"),
        "prediction", prediction);
  }

  @Test
  void putGetDelete_roundTripsTheNormalisedDefinition() throws Exception {
    JsonNode got = api.get("/api/vigil/monitors/churn");
    assertThat(got.at("/definition/task").asText()).isEqualTo("binary");
    assertThat(got.at("/definition/window_ms").asLong()).isEqualTo(HOUR);
    assertThat(got.at("/definition/label_horizon").asText()).as("the default").isEqualTo("30d");
    assertThat(got.at("/definition/positive_label").asText()).isEqualTo("1");
    assertThat(got.at("/definition/metrics").toString()).isEqualTo("[\"accuracy\",\"f1\",\"precision\",\"recall\"]");
    assertThat(api.get("/api/vigil/monitors").get("monitors")).hasSize(1);
    assertThat(api.send("DELETE", "/api/vigil/monitors/churn", null, null).statusCode()).isEqualTo(200);
    HttpResponse<String> r = api.send("GET", "/api/vigil/monitors/churn", null, null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void putMonitor_rejectsUnknownMetricNamingIt() throws Exception {
    HttpResponse<String> r = api.send("PUT", "/api/vigil/monitors/x", "application/json",
        "{\"task\":\"binary\",\"positive_label\":1,\"metrics\":[\"accuracy\",\"rmse\"]}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("INVALID_PARAMETER_VALUE").contains("metrics[1]");
    r = api.send("PUT", "/api/vigil/monitors/x", "application/json", "{\"task\":\"binary\"}");
    assertThat(r.body()).contains("positive_label");
    r = api.send("PUT", "/api/vigil/monitors/x", "application/json", "{\"task\":\"regression\",\"window\":\"soon\"}");
    assertThat(r.body()).contains("'window'");
  }

  @Test
  void ingestion_forAModelWithoutMonitorIs404() throws Exception {
    HttpResponse<String> r = api.send("POST", "/api/vigil/monitors/nope/predictions", "application/json", "[]");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("RESOURCE_DOES_NOT_EXIST");
    r = api.send("POST", "/api/vigil/monitors/nope/outcomes", "application/json", "[]");
    assertThat(r.statusCode()).isEqualTo(404);
  }

  @Test
  void badEvent_is400NamingTheFieldAndStoresNothingOfTheBatch() throws Exception {
    List<Object> batch = new ArrayList<>();
    for (int i = 0; i < 3; i++) batch.add(prediction("p" + i, T0 + i, 1));
    batch.add(prediction("p3", "yesterday", 1));
    HttpResponse<String> r = api.send("POST", "/api/vigil/monitors/churn/predictions", "application/json",
        MonitorApi.M.writeValueAsString(batch));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("INVALID_PARAMETER_VALUE").contains("[3].timestamp");

    r = api.send("POST", "/api/vigil/monitors/churn/predictions", "application/json",
        "[{\"timestamp\": 1, \"model_version\": \"1\", \"prediction\": 1}]");
    assertThat(r.body()).contains("[0].id");
    r = api.send("POST", "/api/vigil/monitors/churn/predictions", "application/json",
        "[{\"id\": \"a\", \"timestamp\": 1, \"model_version\": \"1\", \"prediction\": 1, \"features\": {\"age\": \"old\"}}]");
    assertThat(r.body()).contains("[0].features.age");
    r = api.send("POST", "/api/vigil/monitors/churn/outcomes", "application/json", "[{\"id\": \"a\", \"label\": [1]}]");
    assertThat(r.body()).contains("[0].label");

    batch.set(3, prediction("p3", T0 + 3, 1));
    JsonNode ok = api.json("POST", "/api/vigil/monitors/churn/predictions", batch);
    assertThat(ok.get("stored").asInt()).as("none of the rejected batch was kept").isEqualTo(4);
  }

  @Test
  void badEvents_reportTheFirstFieldInAFixedOrder_andInvalidJsonAnywhereFirst() throws Exception {
    String path = "/api/vigil/monitors/churn/predictions";
    // Keys in any order: the id is checked before the timestamp, the timestamp before the features.
    HttpResponse<String> r = api.send("POST", path, "application/json",
        "[{\"features\": {\"age\": \"x\", \"city\": 1}, \"timestamp\": \"soon\", \"id\": \"\", \"prediction\": 1,"
            + " \"model_version\": \"3\"}]");
    assertThat(r.body()).contains("'[0].id' must have 1 to 256 characters");
    r = api.send("POST", path, "application/json",
        "[{\"id\": \"a\", \"model_version\": \"3\", \"prediction\": 1, \"timestamp\": 1},"
            + " {\"features\": {\"age\": \"x\", \"city\": 1}, \"timestamp\": [1], \"id\": \"b\", \"prediction\": 1}]");
    assertThat(r.body()).contains("Invalid value [1] for parameter '[1].timestamp'");
    r = api.send("POST", path, "application/json",
        "[{\"id\": \"a\", \"model_version\": \"3\", \"prediction\": 1, \"timestamp\": 1,"
            + " \"features\": {\"age\": \"x\", \"city\": {\"a\": 1}}, \"scores\": \"high\"}]");
    assertThat(r.body()).contains("Invalid value \\\"x\\\" for parameter '[0].features.age': expected a number.");
    r = api.send("POST", path, "application/json", "[{\"id\": 1.5e999}, {\"id\": \"b\",}]");
    assertThat(r.body()).as("a syntax error anywhere wins over an invalid event").contains("not valid JSON at line 1");
    r = api.send("POST", path, "application/json", "[{\"id\": \"a\", \"id\": \"b\"}]");
    assertThat(r.body()).as("duplicate keys").contains("not valid JSON");
    r = api.send("POST", path, "application/json", "[] []");
    assertThat(r.body()).contains("not valid JSON");
    r = api.send("POST", path, "application/json", "5");
    assertThat(r.body()).contains("must be a JSON array of events");
    r = api.send("POST", path, "application/x-ndjson", "{\"id\": \"a\"}\n{\"id\": \"b\"} x\n");
    assertThat(r.body()).contains("Invalid JSON for parameter '[1]' (line 2)");
    r = api.send("POST", "/api/vigil/monitors/churn/outcomes", "application/json",
        "[{\"id\": \"a\", \"value\": \"x\"}, {\"id\": \"b\", \"label\": 1, \"value\": \"ignored\"}]");
    assertThat(r.body()).contains("Invalid value \\\"x\\\" for parameter '[0].value': expected a number.");
    r = api.send("POST", "/api/vigil/monitors/churn/outcomes", "application/json", "[{\"id\": \"a\", \"value\": null}]");
    assertThat(r.body()).contains("Missing value for required parameter '[0].label' (or '[0].value').");
    assertThat(api.json("POST", path, List.of()).get("received").asInt()).isZero();
  }

  @Test
  void joinsAndDuplicates_surviveARestart() throws Exception {
    api.json("POST", "/api/vigil/monitors/churn/outcomes", List.of(Map.of("id", "early", "label", 1)));
    api.json("POST", "/api/vigil/monitors/churn/predictions", List.of(prediction("a", T0 + 1, 1), prediction("b", T0 + 2, 0)));
    api.close();
    api = new MonitorApi(dir, T0);

    JsonNode r = api.json("POST", "/api/vigil/monitors/churn/predictions",
        List.of(prediction("a", T0 + 1, 1), prediction("early", T0 + 3, 1)));
    assertThat(r.get("duplicates").asInt()).as("a was stored before the restart").isEqualTo(1);
    assertThat(r.get("joined").asInt()).as("the outcome waiting since before the restart").isEqualTo(1);
    r = api.json("POST", "/api/vigil/monitors/churn/outcomes", List.of(Map.of("id", "a", "label", 0), Map.of("id", "b", "label", 0)));
    assertThat(r.get("joined").asInt()).isEqualTo(2);
    api.tick();
    assertThat(api.window("churn", "prediction_count", T0)).isEqualTo(3.0);
    assertThat(api.window("churn", "accuracy", T0)).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-12));

    api.close();
    api = new MonitorApi(dir, T0);
    r = api.json("POST", "/api/vigil/monitors/churn/outcomes", List.of(Map.of("id", "a", "label", 1)));
    assertThat(r.get("duplicates").asInt()).as("a's first outcome counted").isEqualTo(1);
    api.tick();
    assertThat(api.window("churn", "labelled_count", T0)).isEqualTo(3.0);
    assertThat(api.window("churn", "accuracy", T0)).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void bodyOverTheLimit_is400() throws Exception {
    StringBuilder sb = new StringBuilder("[");
    String one = MonitorApi.M.writeValueAsString(prediction("x", T0, 1));
    while (sb.length() < 4 * 1024 * 1024 + 10) sb.append(one).append(',');
    sb.append(one).append(']');
    HttpResponse<String> r = api.send("POST", "/api/vigil/monitors/churn/predictions", "application/json", sb.toString());
    assertThat(r.statusCode()).isIn(400, 413);
  }

  @Test
  void ndjsonAndIsoTimestamps_areAccepted_andRetriesCountOnce() throws Exception {
    String nd = "{\"id\":\"a\",\"timestamp\":\"2026-01-01T00:10:00Z\",\"model_version\":\"3\",\"prediction\":1}\n"
        + "\n{\"id\":\"b\",\"timestamp\":" + (T0 + 1) + ",\"model_version\":\"3\",\"prediction\":0}\n";
    JsonNode r = api.ok(api.send("POST", "/api/vigil/monitors/churn/predictions", "application/x-ndjson", nd));
    assertThat(r.get("stored").asInt()).isEqualTo(2);
    r = api.ok(api.send("POST", "/api/vigil/monitors/churn/predictions", "application/x-ndjson", nd));
    assertThat(r.get("stored").asInt()).isZero();
    assertThat(r.get("duplicates").asInt()).isEqualTo(2);
    api.json("POST", "/api/vigil/monitors/churn/outcomes", List.of(Map.of("id", "a", "label", 1), Map.of("id", "b", "label", 1)));
    api.tick();
    assertThat(api.window("churn", "prediction_count", T0)).isEqualTo(2.0);
    assertThat(api.window("churn", "accuracy", T0)).isEqualTo(0.5);
    assertThat(api.window("churn", "recall", T0)).isEqualTo(0.5);
    assertThat(api.window("churn", "precision", T0)).isEqualTo(1.0);
    assertThat(api.window("churn", "label_coverage", T0)).isEqualTo(1.0);
  }

  @Test
  void outcomeBeforeItsPrediction_isJoinedWhenThePredictionArrives() throws Exception {
    JsonNode r = api.json("POST", "/api/vigil/monitors/churn/outcomes", List.of(Map.of("id", "early", "label", 0)));
    assertThat(r.get("pending").asInt()).isEqualTo(1);
    r = api.json("POST", "/api/vigil/monitors/churn/predictions", List.of(prediction("early", T0 + 5, 0)));
    assertThat(r.get("joined").asInt()).isEqualTo(1);
    api.tick();
    assertThat(api.window("churn", "accuracy", T0)).isEqualTo(1.0);
    assertThat(api.window("churn", "labelled_count", T0)).isEqualTo(1.0);
  }

  @Test
  void lateOutcomes_afterTheWindowClosed_updateThatWindow() throws Exception {
    List<Object> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) batch.add(prediction("late" + i, T0 + i * 1000, 1));
    api.json("POST", "/api/vigil/monitors/churn/predictions", batch);
    api.clock.set(T0 + 2 * HOUR);
    api.tick();
    assertThat(api.window("churn", "prediction_count", T0)).isEqualTo(10.0);
    assertThat(api.window("churn", "label_coverage", T0)).isEqualTo(0.0);
    assertThat(api.window("churn", "accuracy", T0)).isNaN();

    api.clock.set(T0 + 30 * HOUR); // labels a day later
    List<Object> outcomes = new ArrayList<>();
    for (int i = 0; i < 10; i++) outcomes.add(Map.of("id", "late" + i, "label", i < 7 ? 1 : 0, "timestamp", T0 + 30 * HOUR));
    api.json("POST", "/api/vigil/monitors/churn/outcomes", outcomes);
    api.tick();
    assertThat(api.window("churn", "accuracy", T0)).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(api.window("churn", "label_coverage", T0)).isEqualTo(1.0);
    // Per version as well.
    JsonNode v = api.get("/api/vigil/monitors/churn/windows?metric=accuracy&model_version=3");
    assertThat(v.get("windows")).hasSize(1);
    assertThat(v.at("/windows/0/value").asDouble()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void scores_giveAHistogramAndMeanPerWindow_rebuiltAfterRestart() throws Exception {
    List<Object> scores = List.of(0.05, 0.15, 0.95, 1.0, Map.of("0", 0.3, "1", 0.7), List.of(0.6, 0.4), 1.5);
    List<Object> batch = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      batch.add(Map.of("id", "s" + i, "timestamp", T0 + i, "model_version", i < 4 ? "3" : "4", "prediction", 1,
          "scores", scores.get(i)));
    }
    batch.add(Map.of("id", "unscored", "timestamp", T0 + 99, "model_version", "3", "prediction", 0));
    api.json("POST", "/api/vigil/monitors/churn/predictions", batch);
    api.tick();
    double[] expected = {1, 1, 0, 0, 1, 0, 0, 1, 0, 2};
    for (int round = 0; round < 2; round++) {
      for (int b = 0; b < 10; b++) {
        assertThat(api.window("churn", "score_hist." + b, T0)).as("bin %d", b).isEqualTo(expected[b]);
      }
      assertThat(api.window("churn", "score_count", T0)).as("1.5 is outside [0, 1]").isEqualTo(6.0);
      assertThat(api.window("churn", "score_mean", T0)).isCloseTo(3.25 / 6, org.assertj.core.data.Offset.offset(1e-12));
      JsonNode v3 = api.get("/api/vigil/monitors/churn/windows?metric=score_mean&model_version=3");
      assertThat(v3.at("/windows/0/value").asDouble()).isCloseTo(2.15 / 4, org.assertj.core.data.Offset.offset(1e-12));
      JsonNode v4 = api.get("/api/vigil/monitors/churn/windows?metric=score_hist.7&model_version=4");
      assertThat(v4.at("/windows/0/value").asDouble()).isEqualTo(1.0);
      // The state is rebuilt from the stored predictions when the server starts again.
      api.close();
      api = new MonitorApi(dir, T0);
      api.tick();
    }
  }

  @Test
  void scoreSeries_canBeAlertedOn() throws Exception {
    HttpResponse<String> r = api.send("PUT", "/api/vigil/monitors/s", "application/json",
        "{\"task\":\"binary\",\"positive_label\":1,\"alerts\":[{\"name\":\"m\",\"metric\":\"score_mean\",\"op\":\"above\",\"threshold\":0.9}]}");
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    r = api.send("PUT", "/api/vigil/monitors/s2", "application/json",
        "{\"task\":\"regression\",\"alerts\":[{\"name\":\"m\",\"metric\":\"score_mean\",\"op\":\"above\",\"threshold\":0.9}]}");
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void reference_fromARunsCsvArtifact_givesDriftPerFeature() throws Exception {
    String exp = api.json("POST", "/api/2.0/mlflow/experiments/create", Map.of("name", "training")).path("experiment_id").asText();
    JsonNode info = api.json("POST", "/api/2.0/mlflow/runs/create", Map.of("experiment_id", exp)).at("/run/info");
    String runId = info.path("run_id").asText();
    String uri = info.path("artifact_uri").asText();
    assertThat(uri).startsWith("mlflow-artifacts:/");
    StringBuilder csv = new StringBuilder("age,city,label\n");
    for (int i = 0; i < 300; i++) csv.append(20 + i % 40).append(',').append(i % 2 == 0 ? "Oslo" : "Rome").append(",1\n");
    HttpResponse<String> up = api.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + uri.substring("mlflow-artifacts:/".length())
        + "/data/train.csv", "text/csv", csv.toString());
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);

    String ref = "/api/vigil/monitors/churn/reference?run_id=" + runId + "&artifact=";
    JsonNode r = api.ok(api.send("PUT", ref + "data/train.csv", null, null));
    assertThat(r.get("rows").asInt()).isEqualTo(300);
    assertThat(r.get("run_id").asText()).isEqualTo(runId);
    List<Object> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(Map.of("id", "d" + i, "timestamp", T0 + i, "model_version", "3", "prediction", 1,
          "features", Map.of("age", 70 + i % 40, "city", i % 2 == 0 ? "Oslo" : "Rome")));
    }
    api.json("POST", "/api/vigil/monitors/churn/predictions", batch);
    api.tick();
    assertThat(api.window("churn", "drifted.age", T0)).isEqualTo(1.0);
    assertThat(api.window("churn", "drifted.city", T0)).isEqualTo(0.0);

    HttpResponse<String> e = api.send("PUT", ref + "data/missing.csv", null, null);
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.body()).contains("RESOURCE_DOES_NOT_EXIST").contains("data/missing.csv");
    assertThat(api.send("PUT", ref + "..%2F..%2Fsecret.csv", null, null).statusCode()).isEqualTo(400);
    assertThat(api.send("PUT", ref + "model.pkl", null, null).statusCode()).isEqualTo(400);
    assertThat(api.send("PUT", "/api/vigil/monitors/churn/reference?run_id=" + runId, null, null).body()).contains("'artifact'");
    assertThat(api.send("PUT", "/api/vigil/monitors/churn/reference?run_id=nope&artifact=a.csv", null, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void reference_fromCsv_givesDriftPerFeature() throws Exception {
    StringBuilder csv = new StringBuilder("age,city\n");
    for (int i = 0; i < 300; i++) csv.append(20 + i % 40).append(',').append(i % 2 == 0 ? "Oslo" : "Rome").append('\n');
    JsonNode r = api.ok(api.send("PUT", "/api/vigil/monitors/churn/reference", "text/csv", csv.toString()));
    assertThat(r.get("rows").asInt()).isEqualTo(300);
    List<Object> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(Map.of("id", "d" + i, "timestamp", T0 + i, "model_version", "3", "prediction", 1,
          "features", Map.of("age", 70 + i % 40, "city", i % 2 == 0 ? "Oslo" : "Rome")));
    }
    api.json("POST", "/api/vigil/monitors/churn/predictions", batch);
    api.tick();
    assertThat(api.window("churn", "drifted.age", T0)).isEqualTo(1.0);
    assertThat(api.window("churn", "drifted.city", T0)).isEqualTo(0.0);
    assertThat(api.window("churn", "drift_share", T0)).isEqualTo(0.5);
  }
}
