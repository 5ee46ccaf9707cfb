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

/**
 * Alert rules relative to a tracked run: {@code baseline: {run_id, metric}} takes the run's latest
 * value of the metric when the monitor is defined (the training run as the reference), and the rule
 * fires when production falls the given share below it.
 */
class MonitorRunBaselineTest {
  static final long HOUR = 3_600_000L;
  static final long T0 = 1_767_225_600_000L;
  @TempDir Path dir;
  MonitorApi api;
  String runId;

  @BeforeEach
  void start() throws Exception {
    api = new MonitorApi(dir, T0 + 3 * HOUR + 60_000);
    String exp = api.json("POST", "/api/2.0/mlflow/experiments/create", Map.of("name", "training")).get("experiment_id").asText();
    runId = api.json("POST", "/api/2.0/mlflow/runs/create", Map.of("experiment_id", exp)).at("/run/info/run_id").asText();
    api.json("POST", "/api/2.0/mlflow/runs/log-batch", Map.of("run_id", runId, "metrics", List.of(
        Map.of("key", "val_accuracy", "value", 0.8, "timestamp", 1, "step", 0),
        Map.of("key", "val_accuracy", "value", 0.9, "timestamp", 2, "step", 1))));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static Map<String, Object> monitor(Object baseline) {
    return Map.of("task", "binary", "positive_label", 1, "metrics", List.of("accuracy"), "window", "1h",
        "alerts", List.of(Map.of("name", "below-training", "metric", "accuracy", "op", "below", "threshold", 0.1,
            "baseline", baseline)));
  }

  @Test
  void runBaseline_isResolvedAtDefinition_roundTrips_andFiresTenPercentBelowTheRun() throws Exception {
    JsonNode put = api.json("PUT", "/api/vigil/monitors/churn", monitor(Map.of("run_id", runId, "metric", "val_accuracy")));
    JsonNode baseline = put.at("/definition/alerts/0/baseline");
    assertThat(baseline.get("run_id").asText()).isEqualTo(runId);
    assertThat(baseline.get("metric").asText()).isEqualTo("val_accuracy");
    assertThat(baseline.get("value").asDouble()).isEqualTo(0.9); // the latest value, not the first
    // Later changes to the run do not move a defined baseline; GET reads back what PUT stored.
    api.json("POST", "/api/2.0/mlflow/runs/log-metric", Map.of("run_id", runId, "key", "val_accuracy", "value", 0.1,
        "timestamp", 3, "step", 2));
    assertThat(api.get("/api/vigil/monitors/churn").at("/definition/alerts/0/baseline/value").asDouble()).isEqualTo(0.9);
    // PUT of what GET returned keeps it as it is.
    JsonNode again = api.json("PUT", "/api/vigil/monitors/churn", api.get("/api/vigil/monitors/churn").get("definition"));
    assertThat(again.at("/definition/alerts/0/baseline/value").asDouble()).isEqualTo(0.9);

    // Window 0: accuracy 0.85 (not below 0.9·0.9 = 0.81); window 1: 0.8 (below).
    List<Object> preds = new ArrayList<>();
    List<Object> outcomes = new ArrayList<>();
    int[] correct = {17, 16};
    for (int w = 0; w < correct.length; w++) {
      for (int i = 0; i < 20; i++) {
        String id = w + "-" + i;
        preds.add(Map.of("id", id, "timestamp", T0 + w * HOUR + i, "model_version", "1", "prediction", 1));
        outcomes.add(Map.of("id", id, "label", i < correct[w] ? 1 : 0));
      }
    }
    api.json("POST", "/api/vigil/monitors/churn/predictions", preds);
    api.json("POST", "/api/vigil/monitors/churn/outcomes", outcomes);
    api.tick();
    JsonNode history = api.get("/api/vigil/monitors/churn/alerts/history");
    assertThat(history.get("events")).singleElement().satisfies(e -> {
      assertThat(e.get("state").asText()).isEqualTo("firing");
      assertThat(e.get("window_start").asLong()).isEqualTo(T0 + HOUR);
    });
  }

  @Test
  void runBaseline_errors_nameTheProblem_andStoreNothing() throws Exception {
    HttpResponse<String> noMetric = api.send("PUT", "/api/vigil/monitors/churn", "application/json",
        MonitorApi.M.writeValueAsString(monitor(Map.of("run_id", runId, "metric", "f1"))));
    assertThat(noMetric.statusCode()).isEqualTo(400);
    assertThat(noMetric.body()).contains("has no metric 'f1'");

    HttpResponse<String> noRun = api.send("PUT", "/api/vigil/monitors/churn", "application/json",
        MonitorApi.M.writeValueAsString(monitor(Map.of("run_id", "0123456789abcdef0123456789abcdef", "metric", "f1"))));
    assertThat(noRun.statusCode()).isEqualTo(404);

    HttpResponse<String> noRunId = api.send("PUT", "/api/vigil/monitors/churn", "application/json",
        MonitorApi.M.writeValueAsString(monitor(Map.of("metric", "val_accuracy"))));
    assertThat(noRunId.statusCode()).isEqualTo(400);
    assertThat(noRunId.body()).contains("alerts[0].baseline.run_id");

    // Without a metric the rule's own metric is looked up.
    HttpResponse<String> defaultMetric = api.send("PUT", "/api/vigil/monitors/churn", "application/json",
        MonitorApi.M.writeValueAsString(monitor(Map.of("run_id", runId))));
    assertThat(defaultMetric.statusCode()).isEqualTo(400);
    assertThat(defaultMetric.body()).contains("has no metric 'accuracy'");

    assertThat(api.send("GET", "/api/vigil/monitors/churn", null, null).statusCode()).isEqualTo(404);
  }
}
