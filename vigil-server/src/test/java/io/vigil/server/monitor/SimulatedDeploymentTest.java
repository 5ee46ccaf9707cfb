package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment whose input feature {@code x} shifts in windows 2-4, taking accuracy down with it:
 * windowed accuracy falls, drift shows on {@code x} only, the alert goes pending then firing after
 * two windows and a real webhook receiver gets exactly one signed notification; after recovery,
 * exactly one "resolved" more. Time is a test clock; nothing sleeps.
 */
class SimulatedDeploymentTest {
  static final long HOUR = 3_600_000L;
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final String SECRET = "s3cret";
  @TempDir Path dir;
  MonitorApi api;
  HttpServer receiver;
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final List<String> signatures = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      String sig = ex.getRequestHeaders().getFirst(Notifier.SIGNATURE_HEADER);
      signatures.add(sig);
      assertThat(sig).isEqualTo("sha256=" + Notifier.sign(SECRET, body));
      received.add(MonitorApi.M.readTree(body));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    receiver.start();
    api = new MonitorApi(dir, T0);
  }

  @AfterEach
  void stop() {
    api.close();
    receiver.stop(0);
  }

  @Test
  void accuracyDropAfterFeatureShift_firesOnceAndResolvesOnce() throws Exception {
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    api.json("PUT", "/api/vigil/monitors/fraud", Map.of(
        "task", "binary", "window", "1h", "metrics", List.of("accuracy", "f1"), "positive_label", 1,
        "features", Map.of("x", "numeric", "city", "categorical"), "drift", Map.of("p_value", 0.01),
        "alerts", List.of(Map.of("name", "accuracy-low", "metric", "accuracy", "op", "below", "threshold", 0.8, "for", 2),
            Map.of("name", "drift", "metric", "drift_share", "op", "above", "threshold", 0.4)),
        "notifications", Map.of("webhook", hook, "secret", SECRET)));
    // Silence the drift rule for the whole test: its transitions are recorded but not sent.
    api.json("POST", "/api/vigil/monitors/fraud/alerts/drift/silence", Map.of("duration", "1d"));

    Random rnd = new Random(7);
    List<Map<String, Object>> reference = new ArrayList<>();
    String[] cities = {"Oslo", "Rome", "Lima"};
    for (int i = 0; i < 600; i++) reference.add(Map.of("x", rnd.nextGaussian(), "city", cities[i % 3]));
    api.json("PUT", "/api/vigil/monitors/fraud/reference", reference);

    int n = 300;
    for (int w = 0; w < 7; w++) {
      boolean shifted = w >= 2 && w <= 4;
      List<Object> preds = new ArrayList<>();
      List<Object> outcomes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String id = w + "-" + i;
        double x = rnd.nextGaussian() + (shifted ? 2.0 : 0.0);
        int prediction = rnd.nextBoolean() ? 1 : 0;
        boolean correct = rnd.nextDouble() < (shifted ? 0.6 : 0.95);
        preds.add(Map.of("id", id, "timestamp", T0 + w * HOUR + i * 10_000L, "model_version", w < 5 ? "1" : "2",
            "features", Map.of("x", x, "city", cities[i % 3]), "prediction", prediction));
        outcomes.add(Map.of("id", id, "label", correct ? prediction : 1 - prediction));
      }
      api.clock.set(T0 + w * HOUR + 30 * 60_000L);
      api.json("POST", "/api/vigil/monitors/fraud/predictions", preds);
      api.json("POST", "/api/vigil/monitors/fraud/outcomes", outcomes);
      api.clock.set(T0 + (w + 1) * HOUR + 60_000L); // the window closed a minute ago
      api.tick();

      String state = state("accuracy-low");
      switch (w) {
        case 0, 1 -> assertThat(state).isEqualTo("inactive");
        case 2 -> assertThat(state).isEqualTo("pending");
        case 3, 4 -> assertThat(state).isEqualTo("firing");
        default -> assertThat(state).isEqualTo("inactive");
      }
      int expected = w < 3 ? 0 : w < 5 ? 1 : 2;
      assertThat(received).as("notifications after window %d", w).hasSize(expected);
      api.tick(); // another tick without new data changes nothing
      assertThat(received).hasSize(expected);
    }

    for (int w = 0; w < 7; w++) {
      double acc = api.window("fraud", "accuracy", T0 + w * HOUR);
      if (w >= 2 && w <= 4) assertThat(acc).as("accuracy of window %d", w).isLessThan(0.7);
      else assertThat(acc).as("accuracy of window %d", w).isGreaterThan(0.9);
      double driftX = api.window("fraud", "drifted.x", T0 + w * HOUR);
      assertThat(driftX).as("drift on x in window %d", w).isEqualTo(w >= 2 && w <= 4 ? 1.0 : 0.0);
      assertThat(api.window("fraud", "drifted.city", T0 + w * HOUR)).as("drift on city in window %d", w).isZero();
      assertThat(api.window("fraud", "prediction_count", T0 + w * HOUR)).isEqualTo(n);
    }

    assertThat(received).extracting(j -> j.get("state").asText()).containsExactly("firing", "resolved");
    assertThat(received.get(0).get("alert").asText()).isEqualTo("accuracy-low");
    assertThat(received.get(0).get("window_start").asLong()).isEqualTo(T0 + 3 * HOUR);
    assertThat(received.get(1).get("window_start").asLong()).isEqualTo(T0 + 5 * HOUR);
    assertThat(signatures).allMatch(s -> s.startsWith("sha256="));

    JsonNode history = api.get("/api/vigil/monitors/fraud/alerts/history");
    List<String> acc = new ArrayList<>();
    List<String> drift = new ArrayList<>();
    for (JsonNode e : history.get("events")) {
      String s = e.get("state").asText() + ":" + e.get("notification").asText();
      (e.get("alert").asText().equals("drift") ? drift : acc).add(0, s);
    }
    assertThat(acc).containsExactly("pending:none", "firing:sent", "resolved:sent");
    assertThat(drift).containsExactly("firing:silenced", "resolved:silenced");

    // Version 2 (windows 5-6) has its own series beside the all-versions one.
    JsonNode v2 = api.get("/api/vigil/monitors/fraud/windows?metric=accuracy&model_version=2");
    assertThat(v2.get("windows")).hasSize(2);
  }

  @Test
  void noDataRule_firesAfterEmptyWindows() throws Exception {
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    api.json("PUT", "/api/vigil/monitors/quiet", Map.of("task", "regression", "window", "15m",
        "alerts", List.of(Map.of("name", "silent", "type", "no_data", "for", 3)),
        "notifications", Map.of("webhook", hook, "secret", SECRET)));
    api.json("POST", "/api/vigil/monitors/quiet/predictions",
        List.of(Map.of("id", "1", "timestamp", T0, "model_version", "1", "prediction", 2.5)));
    api.json("POST", "/api/vigil/monitors/quiet/outcomes", List.of(Map.of("id", "1", "value", 3.0)));
    api.clock.set(T0 + 16 * 60_000L);
    api.tick();
    assertThat(api.window("quiet", "mae", T0)).isEqualTo(0.5);
    api.clock.set(T0 + 46 * 60_000L);
    api.tick();
    assertThat(state("quiet", "silent")).isEqualTo("pending");
    assertThat(received).isEmpty();
    api.clock.set(T0 + 61 * 60_000L);
    api.tick();
    assertThat(state("quiet", "silent")).isEqualTo("firing");
    assertThat(received).hasSize(1);
  }

  @Test
  void lateOutcomes_reRunRulesOnEvaluatedWindows() throws Exception {
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    api.json("PUT", "/api/vigil/monitors/late", Map.of("task", "binary", "window", "1h", "metrics", List.of("accuracy"),
        "positive_label", 1, "alerts", List.of(Map.of("name", "acc", "metric", "accuracy", "op", "below", "threshold", 0.8)),
        "notifications", Map.of("webhook", hook, "secret", SECRET)));
    List<Object> preds = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      for (int i = 0; i < 10; i++) {
        preds.add(Map.of("id", w + "-" + i, "timestamp", T0 + w * HOUR + i * 1000L, "model_version", "1", "prediction", 1));
      }
    }
    api.json("POST", "/api/vigil/monitors/late/predictions", preds);
    // Window 0: the first two labels are right, accuracy 1.0: the rule stays inactive.
    api.json("POST", "/api/vigil/monitors/late/outcomes", List.of(Map.of("id", "0-0", "label", 1), Map.of("id", "0-1", "label", 1)));
    api.clock.set(T0 + HOUR + 60_000L);
    api.tick();
    assertThat(state("late", "acc")).isEqualTo("inactive");
    assertThat(received).isEmpty();

    // Late labels for the closed, evaluated window 0 take its accuracy to 0.2: the rule fires on it.
    List<Object> late = new ArrayList<>();
    for (int i = 2; i < 10; i++) late.add(Map.of("id", "0-" + i, "label", 0));
    api.json("POST", "/api/vigil/monitors/late/outcomes", late);
    api.clock.set(T0 + HOUR + 120_000L);
    api.tick();
    assertThat(api.window("late", "accuracy", T0)).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(state("late", "acc")).isEqualTo("firing");
    assertThat(received).hasSize(1);
    assertThat(received.get(0).get("state").asText()).isEqualTo("firing");
    assertThat(received.get(0).get("window_start").asLong()).isEqualTo(T0);
    assertThat(received.get(0).get("value").asDouble()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
    api.tick();
    assertThat(received).hasSize(1);

    // Window 1 closes with two wrong labels (accuracy 0): still firing, no new message.
    api.json("POST", "/api/vigil/monitors/late/outcomes", List.of(Map.of("id", "1-0", "label", 0), Map.of("id", "1-1", "label", 0)));
    api.clock.set(T0 + 2 * HOUR + 60_000L);
    api.tick();
    assertThat(state("late", "acc")).isEqualTo("firing");
    assertThat(received).hasSize(1);

    // Its late labels are right (accuracy 0.8, not below the threshold): the rule resolves on corrected data.
    late.clear();
    for (int i = 2; i < 10; i++) late.add(Map.of("id", "1-" + i, "label", 1));
    api.json("POST", "/api/vigil/monitors/late/outcomes", late);
    api.tick();
    assertThat(state("late", "acc")).isEqualTo("inactive");
    assertThat(received).extracting(j -> j.get("state").asText()).containsExactly("firing", "resolved");
    assertThat(received.get(1).get("window_start").asLong()).isEqualTo(T0 + HOUR);
    api.tick();
    assertThat(received).hasSize(2);
    JsonNode history = api.get("/api/vigil/monitors/late/alerts/history");
    assertThat(history.get("events")).extracting(e -> e.get("state").asText() + ":" + e.get("notification").asText())
        .containsExactly("resolved:sent", "firing:sent");
  }

  @Test
  void lateOutcomes_anEpisodeThatFiredAndResolvedInsideTheCorrectedRange_isRecordedOnce() throws Exception {
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    api.json("PUT", "/api/vigil/monitors/ep", Map.of("task", "binary", "window", "1h", "metrics", List.of("accuracy"),
        "positive_label", 1, "alerts", List.of(Map.of("name", "acc", "metric", "accuracy", "op", "below", "threshold", 0.8)),
        "notifications", Map.of("webhook", hook, "secret", SECRET)));
    List<Object> preds = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      for (int i = 0; i < 10; i++) {
        preds.add(Map.of("id", w + "-" + i, "timestamp", T0 + w * HOUR + i * 1000L, "model_version", "1", "prediction", 1));
      }
    }
    api.json("POST", "/api/vigil/monitors/ep/predictions", preds);
    // Window 0 has labels (accuracy 1.0); windows 1-3 close without any: evaluated, nothing to judge.
    List<Object> labels = new ArrayList<>();
    for (int i = 0; i < 10; i++) labels.add(Map.of("id", "0-" + i, "label", 1));
    api.json("POST", "/api/vigil/monitors/ep/outcomes", labels);
    api.clock.set(T0 + 4 * HOUR + 60_000L);
    api.tick();
    assertThat(state("ep", "acc")).isEqualTo("inactive");

    // Late labels: window 1 at 0.2 (breach), window 2 at 1.0: the rule would have fired at 1 and resolved at 2.
    labels.clear();
    for (int i = 0; i < 10; i++) {
      labels.add(Map.of("id", "1-" + i, "label", i < 2 ? 1 : 0));
      labels.add(Map.of("id", "2-" + i, "label", 1));
    }
    api.json("POST", "/api/vigil/monitors/ep/outcomes", labels);
    api.tick();
    assertThat(state("ep", "acc")).as("the net state is unchanged").isEqualTo("inactive");
    assertThat(received).extracting(j -> j.get("state").asText() + "@" + (j.get("window_start").asLong() - T0) / HOUR)
        .containsExactly("firing@1", "resolved@2");
    assertThat(received.get(0).get("value").asDouble()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));

    // Later late labels for window 0 re-run the rule from window 0: the same episode is not recorded again.
    api.json("POST", "/api/vigil/monitors/ep/outcomes", List.of(Map.of("id", "3-0", "label", 1)));
    api.tick();
    api.json("POST", "/api/vigil/monitors/ep/predictions",
        List.of(Map.of("id", "0-x", "timestamp", T0 + 5, "model_version", "1", "prediction", 1)));
    api.json("POST", "/api/vigil/monitors/ep/outcomes", List.of(Map.of("id", "0-x", "label", 1)));
    api.tick();
    assertThat(received).hasSize(2);
    JsonNode history = api.get("/api/vigil/monitors/ep/alerts/history");
    assertThat(history.get("events")).extracting(e -> e.get("state").asText() + ":" + e.get("notification").asText())
        .containsExactly("resolved:sent", "firing:sent");
  }

  @Test
  void failedDelivery_isRetriedOnLaterTicks() throws Exception {
    api.json("PUT", "/api/vigil/monitors/r", Map.of("task", "regression", "window", "1h",
        "alerts", List.of(Map.of("name", "mae-high", "metric", "mae", "op", "above", "threshold", 1.0)),
        "notifications", Map.of("webhook", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/missing")));
    api.json("POST", "/api/vigil/monitors/r/predictions",
        List.of(Map.of("id", "1", "timestamp", T0, "model_version", "1", "prediction", 0)));
    api.json("POST", "/api/vigil/monitors/r/outcomes", List.of(Map.of("id", "1", "value", 5)));
    api.clock.set(T0 + HOUR + 1);
    api.tick();
    JsonNode h = api.get("/api/vigil/monitors/r/alerts/history");
    assertThat(h.at("/events/0/notification").asText()).isEqualTo("retrying");
    for (int i = 0; i < 10; i++) {
      api.clock.advance(HOUR);
      api.tick();
    }
    h = api.get("/api/vigil/monitors/r/alerts/history");
    assertThat(h.at("/events/0/notification").asText()).isEqualTo("failed");
  }

  private String state(String rule) throws Exception {
    return state("fraud", rule);
  }

  private String state(String model, String rule) throws Exception {
    for (JsonNode a : api.get("/api/vigil/monitors/" + model + "/alerts").get("alerts")) {
      if (a.at("/rule/name").asText().equals(rule)) return a.get("state").asText();
    }
    throw new AssertionError("no rule " + rule);
  }
}
