package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL injection attempts in every string field a client controls: names, keys, values, filters,
 * order_by clauses, page tokens, path parameters. Each answer must be a 200 (the text was taken as
 * data and reads back byte for byte) or a 4xx that changed nothing, never a 500; afterwards the
 * schema is intact and no table grew beyond what the accepted requests wrote.
 */
class InjectionTest {
  static final List<String> PAYLOADS = List.of(
      "x' OR '1'='1",
      "x'; DROP TABLE runs; --",
      "\"; DELETE FROM experiments; --",
      "') UNION SELECT username, password_hash FROM users --",
      "1 OR 1=1",
      "`; UPDATE latest_metrics SET value = 0; --",
      "%' AND 1=(SELECT COUNT(*) FROM sqlite_master) --",
      "\\'; ATTACH DATABASE '/tmp/pwn.db' AS pwn; --");
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path dir;
  static VigilServer server;
  static Connection db;
  static String experimentId;
  static String runId;

  @BeforeAll
  static void start() throws Exception {
    Path file = dir.resolve("injection.db").toAbsolutePath();
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + file, dir.resolve("artifacts").toString()),
        Clock.systemUTC()).start();
    experimentId = post("/api/2.0/mlflow/experiments/create", Map.of("name", "target")).body().get("experiment_id").asText();
    runId = post("/api/2.0/mlflow/runs/create", Map.of("experiment_id", experimentId)).body()
        .path("run").path("info").path("run_id").asText();
    post("/api/2.0/mlflow/runs/log-metric", Map.of("run_id", runId, "key", "loss", "value", 0.5, "timestamp", 1, "step", 0));
    post("/api/2.0/mlflow/registered-models/create", Map.of("name", "churn"));
    db = DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  @AfterAll
  static void stop() throws Exception {
    if (db != null) db.close();
    if (server != null) server.close();
  }

  /** One client-controlled string field: how to send a payload in it, and how to read it back when accepted. */
  record Field(String name, Function<String, Answer> send, Function<String, String> readBack) {}

  record Answer(int status, JsonNode body) {}

  static List<Field> fields() {
    String mlflow = "/api/2.0/mlflow";
    return List.of(
        new Field("experiments/create name", p -> post(mlflow + "/experiments/create", Map.of("name", p)),
            p -> get(mlflow + "/experiments/get-by-name?experiment_name=" + enc(p)).body().path("experiment").path("name").asText()),
        new Field("experiments/get-by-name experiment_name", p -> get(mlflow + "/experiments/get-by-name?experiment_name=" + enc(p)), null),
        new Field("experiments/search filter", p -> post(mlflow + "/experiments/search", Map.of("filter", "name = '" + p + "'")), null),
        new Field("experiments/search raw filter", p -> post(mlflow + "/experiments/search", Map.of("filter", p)), null),
        new Field("experiments/search order_by", p -> post(mlflow + "/experiments/search", Map.of("order_by", List.of(p))), null),
        new Field("experiments/get experiment_id", p -> get(mlflow + "/experiments/get?experiment_id=" + enc(p)), null),
        new Field("experiments/set-experiment-tag value", p -> post(mlflow + "/experiments/set-experiment-tag",
            Map.of("experiment_id", experimentId, "key", "note", "value", p)),
            p -> tagValue(get(mlflow + "/experiments/get?experiment_id=" + experimentId).body().path("experiment").path("tags"), "note")),
        new Field("runs/create run_name", p -> post(mlflow + "/runs/create", Map.of("experiment_id", experimentId, "run_name", p)),
            null),
        new Field("runs/set-tag key", p -> post(mlflow + "/runs/set-tag", Map.of("run_id", runId, "key", p, "value", "v")), null),
        new Field("runs/set-tag value", p -> post(mlflow + "/runs/set-tag", Map.of("run_id", runId, "key", "t", "value", p)),
            p -> tagValue(run().path("data").path("tags"), "t")),
        new Field("runs/log-parameter value", p -> post(mlflow + "/runs/log-parameter",
            Map.of("run_id", runId, "key", "p" + Integer.toHexString(p.hashCode()), "value", p)),
            p -> tagValue(run().path("data").path("params"), "p" + Integer.toHexString(p.hashCode()))),
        new Field("runs/log-metric key", p -> post(mlflow + "/runs/log-metric",
            Map.of("run_id", runId, "key", p, "value", 1.0, "timestamp", 1, "step", 0)), null),
        new Field("runs/get run_id", p -> get(mlflow + "/runs/get?run_id=" + enc(p)), null),
        new Field("runs/search filter value", p -> post(mlflow + "/runs/search",
            Map.of("experiment_ids", List.of(experimentId), "filter", "params.lr = '" + p.replace("'", "\\'") + "'")), null),
        new Field("runs/search raw filter", p -> post(mlflow + "/runs/search",
            Map.of("experiment_ids", List.of(experimentId), "filter", p)), null),
        new Field("runs/search quoted key", p -> post(mlflow + "/runs/search",
            Map.of("experiment_ids", List.of(experimentId), "filter", "metrics.`" + p.replace("`", "") + "` > 0")), null),
        new Field("runs/search order_by", p -> post(mlflow + "/runs/search",
            Map.of("experiment_ids", List.of(experimentId), "order_by", List.of(p))), null),
        new Field("runs/search order_by key", p -> post(mlflow + "/runs/search",
            Map.of("experiment_ids", List.of(experimentId), "order_by", List.of("metrics.`" + p.replace("`", "") + "` DESC"))), null),
        new Field("runs/search page_token", p -> post(mlflow + "/runs/search",
            Map.of("experiment_ids", List.of(experimentId), "page_token", p)), null),
        new Field("runs/search experiment_ids", p -> post(mlflow + "/runs/search", Map.of("experiment_ids", List.of(p))), null),
        new Field("metrics/get-history metric_key", p -> get(mlflow + "/metrics/get-history?run_id=" + runId + "&metric_key="
            + enc(p)), null),
        new Field("registered-models/create description", p -> post(mlflow + "/registered-models/create",
            Map.of("name", "m" + Integer.toHexString(p.hashCode()), "description", p)),
            p -> get(mlflow + "/registered-models/get?name=m" + Integer.toHexString(p.hashCode())).body()
                .path("registered_model").path("description").asText()),
        new Field("registered-models/get name", p -> get(mlflow + "/registered-models/get?name=" + enc(p)), null),
        new Field("registered-models/search filter", p -> get(mlflow + "/registered-models/search?filter="
            + enc("name = '" + p.replace("'", "''") + "'")), null),
        new Field("registered-models/search raw filter", p -> get(mlflow + "/registered-models/search?filter=" + enc(p)), null),
        new Field("registered-models/search order_by", p -> get(mlflow + "/registered-models/search?order_by=" + enc(p)), null),
        new Field("model-versions/search filter", p -> get(mlflow + "/model-versions/search?filter=" + enc(p)), null),
        new Field("series key", p -> get("/api/vigil/series?run_ids=" + runId + "&key=" + enc(p)), null),
        new Field("series run_ids", p -> get("/api/vigil/series?key=loss&run_ids=" + enc(p)), null),
        new Field("experiments/stats experiment_ids", p -> get("/api/vigil/experiments/stats?experiment_ids=" + enc(p)), null),
        new Field("monitor model path", p -> get("/api/vigil/monitors/" + enc(p)), null),
        new Field("monitor windows metric", p -> get("/api/vigil/monitors/churn/windows?metric=" + enc(p)), null));
  }

  @Test
  void injectionAttempts_inEveryStringField_areDataOrRejected_andNeverRunAsSql() throws Exception {
    List<String> tablesBefore = tables();
    List<String> failures = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    int accepted = 0;
    for (Field f : fields()) {
      for (String payload : PAYLOADS) {
        Map<String, Long> before = rowCounts();
        Answer a = f.send().apply(payload);
        statuses.merge(a.status(), 1, Integer::sum);
        String what = f.name() + " ← " + payload + ": " + a.status() + " " + a.body();
        if (a.status() >= 500) {
          failures.add(what);
        } else if (a.status() >= 400) {
          if (!rowCounts().equals(before)) failures.add("rejected but changed the store: " + what);
          if (!a.body().has("error_code")) failures.add("rejected without MLflow's error shape: " + what);
        } else {
          accepted++;
          if (f.readBack() != null) {
            String back = f.readBack().apply(payload);
            if (!payload.equals(back)) failures.add("stored as " + back + ": " + what);
          }
        }
      }
    }
    System.out.printf("injection: %d fields × %d payloads, statuses %s%n", fields().size(), PAYLOADS.size(), statuses);
    assertThat(failures).isEmpty();
    assertThat(accepted).as("payloads taken as plain data").isGreaterThan(0);
    assertThat(tables()).isEqualTo(tablesBefore);
    // The seeded data is intact: the run, its metric and the experiment still read back.
    assertThat(run().path("data").path("metrics").toString()).contains("\"loss\"");
    assertThat(get("/api/2.0/mlflow/experiments/get?experiment_id=" + experimentId).body()
        .path("experiment").path("name").asText()).isEqualTo("target");
  }

  static JsonNode run() {
    return get("/api/2.0/mlflow/runs/get?run_id=" + runId).body().path("run");
  }

  static String tagValue(JsonNode list, String key) {
    for (JsonNode t : list) if (key.equals(t.path("key").asText())) return t.path("value").asText();
    return null;
  }

  static List<String> tables() throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT type || ':' || name || ':' || COALESCE(sql, '') FROM sqlite_master ORDER BY name")) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  static Map<String, Long> rowCounts() {
    Map<String, Long> out = new TreeMap<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) names.add(rs.getString(1));
      for (String t : names) {
        if (t.equals("audit_log") || t.equals("webhook_deliveries")) continue;
        try (ResultSet c = st.executeQuery("SELECT COUNT(*) FROM \"" + t + "\"")) {
          c.next();
          out.put(t, c.getLong(1));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static Answer post(String path, Map<String, ?> body) {
    try {
      ObjectNode json = JSON.valueToTree(body);
      return send(HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json))));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET());
  }

  static Answer send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
      return new Answer(r.statusCode(), body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
