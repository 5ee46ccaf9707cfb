package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.ClientConfig;
import io.vigil.client.MonitorClient;
import io.vigil.client.VigilClient;
import io.vigil.client.VigilHttpException;
import io.vigil.model.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Monitor windows read like run metrics: GET …/series and the SDK's MonitorClient, against a real server. */
class MonitorSeriesReadTest {
  static final long HOUR = 3_600_000L;
  static final long T0 = 1_767_225_600_000L; // an hour boundary: window index T0 / HOUR
  @TempDir Path dir;
  MonitorApi api;
  VigilClient client;

  /** Windows 0..3: accuracy 0.5, 0.6, no labels, 0.9 (version "1" has the correct half of window 3); window 4 is open. */
  @BeforeEach
  void start() throws Exception {
    api = new MonitorApi(dir, T0 + 4 * HOUR + 60_000);
    api.json("PUT", "/api/vigil/monitors/churn", Map.of("task", "binary", "positive_label", 1, "metrics", List.of("accuracy")));
    int[] correct = {5, 6, -1, 9, 1};
    List<Object> preds = new ArrayList<>();
    List<Object> outcomes = new ArrayList<>();
    for (int w = 0; w < correct.length; w++) {
      for (int i = 0; i < 10; i++) {
        String id = w + "-" + i;
        preds.add(Map.of("id", id, "timestamp", T0 + w * HOUR + i, "model_version", i < 5 ? "1" : "2", "prediction", 1));
        if (correct[w] >= 0) outcomes.add(Map.of("id", id, "label", i < correct[w] ? 1 : 0));
      }
    }
    api.json("POST", "/api/vigil/monitors/churn/predictions", preds);
    api.json("POST", "/api/vigil/monitors/churn/outcomes", outcomes);
    api.tick();
    client = VigilClient.create(ClientConfig.builder(api.server.url()).shutdownHook(false).build());
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
  }

  @Test
  void rest_pointsHaveWindowStartStepAndValue_skippingWindowsWithoutValue() throws Exception {
    JsonNode r = api.get("/api/vigil/monitors/churn/series?metric=accuracy");
    assertThat(r.get("model_version").asText()).isEmpty();
    assertThat(r.get("window_ms").asLong()).isEqualTo(HOUR);
    JsonNode p = r.get("points");
    assertThat(p).hasSize(4);
    assertThat(p.get(0).get("timestamp").asLong()).isEqualTo(T0);
    assertThat(p.get(0).get("step").asLong()).isEqualTo(T0 / HOUR);
    assertThat(p.get(2).get("step").asLong()).as("window 2 has no labels").isEqualTo(T0 / HOUR + 3);
    assertThat(p.get(3).get("value").asDouble()).isEqualTo(0.1);

    JsonNode closed = api.get("/api/vigil/monitors/churn/series?metric=accuracy&closed=true&last=2");
    assertThat(closed.get("points").findValuesAsText("value")).containsExactly("0.6", "0.9");
    assertThat(api.send("GET", "/api/vigil/monitors/churn/series?metric=accuracy&last=-1", null, null).statusCode()).isEqualTo(400);
    assertThat(api.send("GET", "/api/vigil/monitors/churn/series?metric=accuracy&closed=yes", null, null).body())
        .contains("'closed'");
    assertThat(api.send("GET", "/api/vigil/monitors/churn/series", null, null).body()).contains("'metric'");
    assertThat(api.send("GET", "/api/vigil/monitors/nope/series?metric=accuracy", null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void sdk_readsSeriesAsMetrics_perVersion_inARange_andTheLatestClosedWindows() {
    MonitorClient monitors = client.monitors();
    List<Metric> all = monitors.series("churn", "accuracy", null);
    assertThat(all).extracting(Metric::value).containsExactly(0.5, 0.6, 0.9, 0.1);
    assertThat(all).extracting(Metric::timestamp).containsExactly(T0, T0 + HOUR, T0 + 3 * HOUR, T0 + 4 * HOUR);
    assertThat(all).extracting(Metric::step).containsExactly(T0 / HOUR, T0 / HOUR + 1, T0 / HOUR + 3, T0 / HOUR + 4);
    assertThat(all).extracting(Metric::key).containsOnly("accuracy");

    // Version 1 got ids 0..4 of each window: correct when i < correct[w].
    assertThat(monitors.series("churn", "accuracy", "1")).extracting(Metric::value).containsExactly(1.0, 1.0, 1.0, 0.2);
    assertThat(monitors.series("churn", "accuracy", "2")).extracting(Metric::value).containsExactly(0.0, 0.2, 0.8, 0.0);
    assertThat(monitors.series("churn", "accuracy", "", T0 + HOUR, T0 + 4 * HOUR)).extracting(Metric::value)
        .containsExactly(0.6, 0.9);
    assertThat(monitors.latestClosed("churn", "accuracy", null, 2)).extracting(Metric::value).containsExactly(0.6, 0.9);
    assertThat(monitors.latestClosed("churn", "prediction_count", null, 10)).extracting(Metric::value)
        .containsExactly(10.0, 10.0, 10.0, 10.0);
    assertThat(monitors.series("churn", "no_such_series", null)).isEmpty();
    assertThatThrownBy(() -> monitors.series("nope", "accuracy", null))
        .isInstanceOfSatisfying(VigilHttpException.class, e -> assertThat(e.status()).isEqualTo(404));
  }
}
