package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusMetricsTest {
  static final long T0 = 1_767_225_600_000L;
  @TempDir Path dir;

  @Test
  void metrics_exposeRequestsLatencyIngestionJvmAndMonitorGauges() throws Exception {
    try (MonitorApi api = new MonitorApi(dir, T0)) {
      api.json("PUT", "/api/vigil/monitors/churn", Map.of("task", "binary", "positive_label", 1, "metrics", List.of("accuracy")));
      api.json("POST", "/api/vigil/monitors/churn/predictions", List.of(
          Map.of("id", "a", "timestamp", T0, "model_version", "7", "prediction", 1),
          Map.of("id", "b", "timestamp", T0, "model_version", "7", "prediction", 0)));
      api.json("POST", "/api/vigil/monitors/churn/outcomes", List.of(Map.of("id", "a", "label", 1), Map.of("id", "b", "label", 1)));
      api.send("GET", "/api/vigil/monitors/none", null, null);
      api.tick();

      HttpResponse<String> r = api.send("GET", "/metrics", null, null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      String text = r.body();
      assertThat(text).contains("vigil_http_requests_total{method=\"POST\",route=\"/api/vigil/monitors/{model}/predictions\",status=\"200\"} 1.0");
      assertThat(text).contains("vigil_http_requests_total{method=\"GET\",route=\"/api/vigil/monitors/{model}\",status=\"404\"} 1.0");
      assertThat(text).contains("vigil_http_request_duration_seconds_bucket{");
      assertThat(text).contains("vigil_monitor_events_ingested_total{kind=\"prediction\"} 2.0");
      assertThat(text).contains("vigil_monitor_events_ingested_total{kind=\"outcome\"} 2.0");
      assertThat(text).contains("jvm_memory_used_bytes");
      assertThat(text).contains("vigil_monitor_value{metric=\"accuracy\",model=\"churn\",version=\"7\"} 0.5");
      assertThat(text).contains("vigil_monitor_value{metric=\"accuracy\",model=\"churn\",version=\"all\"} 0.5");
      assertThat(text).contains("vigil_monitor_value{metric=\"prediction_count\",model=\"churn\",version=\"all\"} 2.0");
      // No points logged yet; the store has run reads and writes (the monitor's definition, its events).
      assertThat(text).contains("vigil_tracking_points_logged_total 0.0");
      assertThat(counter(text, "vigil_store_transactions_total{kind=\"write\"}")).isGreaterThanOrEqualTo(3);
      assertThat(counter(text, "vigil_store_transaction_seconds_total{kind=\"write\"}")).isGreaterThan(0);

      String exp = api.json("POST", "/api/2.0/mlflow/experiments/create", Map.of("name", "e")).get("experiment_id").asText();
      String run = api.json("POST", "/api/2.0/mlflow/runs/create", Map.of("experiment_id", exp)).at("/run/info/run_id").asText();
      api.json("POST", "/api/2.0/mlflow/runs/log-batch", Map.of("run_id", run, "metrics", List.of(
          Map.of("key", "loss", "value", 0.5, "timestamp", 1, "step", 0), Map.of("key", "loss", "value", 0.4, "timestamp", 2, "step", 1))));
      api.json("POST", "/api/2.0/mlflow/runs/log-metric", Map.of("run_id", run, "key", "acc", "value", 0.9, "timestamp", 3, "step", 0));
      String after = api.send("GET", "/metrics", null, null).body();
      assertThat(after).contains("vigil_tracking_points_logged_total 3.0");
      assertThat(counter(after, "vigil_store_transactions_total{kind=\"write\"}"))
          .isGreaterThan(counter(text, "vigil_store_transactions_total{kind=\"write\"}"));
    }
  }

  static double counter(String exposition, String series) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1).trim());
    }
    throw new AssertionError(series + " not in /metrics");
  }
}
