package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input at the HTTP level, without any MLflow client: each case checks the status, the JSON error
 * body {error_code, message} with a message naming the field, and that nothing was stored.
 */
class MlflowBadInputTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final String API = "/api/2.0/mlflow/";
  /** Keys read back by {@link #snapshot}: every metric these tests try to write uses one of them. */
  private static final List<String> KEYS = List.of("m", "ok", "bad");

  @TempDir static Path dir;
  static VigilServer server;
  static HttpClient http;

  @BeforeAll
  static void start() {
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("bad.db").toAbsolutePath(),
        dir.resolve("artifacts").toAbsolutePath().toString())).start();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  // ------------------------------------------------------------------ HTTP helpers

  private static HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RuntimeException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException(e);
    }
  }

  private static URI uri(String pathAndQuery) {
    return URI.create(server.url() + (pathAndQuery.startsWith("/") ? pathAndQuery : API + pathAndQuery));
  }

  static HttpResponse<String> post(String path, String body) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static HttpResponse<String> post(String path, JsonNode body) {
    return post(path, body.toString());
  }

  static HttpResponse<String> get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return M.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  static JsonNode ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as("status of %s, body %s", r.uri(), r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return json(r);
  }

  /** Asserts an MLflow error response and returns its message. */
  static String error(HttpResponse<String> r, int status, String code, String... messageContains) {
    assertThat(r.statusCode()).as("status of %s, body %s", r.uri(), r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = json(r);
    assertThat(body.path("error_code").asText()).as("error_code in %s", r.body()).isEqualTo(code);
    String message = body.path("message").asText();
    assertThat(message).as("message").isNotBlank();
    for (String part : messageContains) assertThat(message).as("message").contains(part);
    return message;
  }

  static ObjectNode obj() {
    return M.createObjectNode();
  }

  // ------------------------------------------------------------------ fixtures

  static String newExperiment() {
    return ok(post("experiments/create", obj().put("name", "bad-" + UUID.randomUUID()))).path("experiment_id").asText();
  }

  static String newRun() {
    return newRun(newExperiment());
  }

  static String newRun(String experimentId) {
    JsonNode run = ok(post("runs/create", obj().put("experiment_id", experimentId).put("start_time", 1000)));
    return run.path("run").path("info").path("run_id").asText();
  }

  /** Everything stored for a run: the run (latest metrics, params, tags, info) and the full histories of {@link #KEYS}. */
  static String snapshot(String runId) {
    StringBuilder sb = new StringBuilder(ok(get("runs/get?run_id=" + runId)).toString());
    for (String key : KEYS) sb.append('\n').append(ok(get("metrics/get-history?run_id=" + runId + "&metric_key=" + key)));
    return sb.toString();
  }

  static JsonNode history(String runId, String key) {
    return ok(get("metrics/get-history?run_id=" + runId + "&metric_key=" + key)).path("metrics");
  }

  static JsonNode runData(String runId) {
    return ok(get("runs/get?run_id=" + runId)).path("run").path("data");
  }

  static String repeat(char c, int n) {
    return String.valueOf(c).repeat(n);
  }

  // ------------------------------------------------------------------ log-metric: bad values and fields

  static Stream<Arguments> badLogMetricBodies() {
    return Stream.of(
        Arguments.of("non-numeric string value", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":\"abc\",\"timestamp\":1}", "'value'"),
        Arguments.of("boolean value", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":true,\"timestamp\":1}", "'value'"),
        Arguments.of("value beyond double range", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":1e309,\"timestamp\":1}", "'value'"),
        Arguments.of("object value", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":{\"x\":1},\"timestamp\":1}", "'value'"),
        Arguments.of("array value", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":[1],\"timestamp\":1}", "'value'"),
        Arguments.of("lowercase nan string", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":\"nan\",\"timestamp\":1}", "'value'"),
        Arguments.of("fractional step", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":1.5}", "'step'"),
        Arguments.of("fractional timestamp", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":1,\"timestamp\":1.5}", "'timestamp'"),
        Arguments.of("non-numeric step string", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":\"abc\"}", "'step'"),
        Arguments.of("step beyond int64", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":9223372036854775808}", "'step'"),
        Arguments.of("step string beyond int64", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":\"9223372036854775808\"}", "'step'"),
        Arguments.of("timestamp beyond int64", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":1,\"timestamp\":-9223372036854775809}", "'timestamp'"),
        Arguments.of("missing run_id", "{\"key\":\"m\",\"value\":1,\"timestamp\":1,\"unused\":\"%s\"}", "'run_id'"),
        Arguments.of("missing key", "{\"run_id\":\"%s\",\"value\":1,\"timestamp\":1}", "'key'"),
        Arguments.of("missing value", "{\"run_id\":\"%s\",\"key\":\"m\",\"timestamp\":1}", "'value'"),
        Arguments.of("null value", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":null,\"timestamp\":1}", "'value'"),
        Arguments.of("missing timestamp", "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":1}", "'timestamp'"),
        Arguments.of("key of 251 characters", "{\"run_id\":\"%s\",\"key\":\"" + repeat('k', 251) + "\",\"value\":1,\"timestamp\":1}", "250"),
        Arguments.of("key with forbidden characters", "{\"run_id\":\"%s\",\"key\":\"m$\",\"value\":1,\"timestamp\":1}", "'key'"),
        Arguments.of("key escaping its folder", "{\"run_id\":\"%s\",\"key\":\"../m\",\"value\":1,\"timestamp\":1}", "'key'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLogMetricBodies")
  void logMetricRejectsBadFieldAndStoresNothing(String name, String template, String field) {
    String runId = newRun();
    String before = snapshot(runId);

    error(post("runs/log-metric", template.formatted(runId)), 400, "INVALID_PARAMETER_VALUE", field);

    assertThat(snapshot(runId)).isEqualTo(before);
  }

  @Test
  void bareNanLiteralIsNotJsonAndIsRejected() {
    for (String literal : List.of("NaN", "Infinity", "-Infinity")) {
      String runId = newRun();
      String before = snapshot(runId);
      String message = error(post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":" + literal + ",\"timestamp\":1}"),
          400, "INVALID_PARAMETER_VALUE", "not valid JSON");
      assertThat(message).contains("line 1, column");
      assertThat(snapshot(runId)).isEqualTo(before);
    }
  }

  // ------------------------------------------------------------------ log-batch: bad entries reject the whole batch

  static Stream<Arguments> badBatchMetrics() {
    return Stream.of(
        Arguments.of("missing key", "{\"value\":1,\"timestamp\":1}", "'metrics[1].key'"),
        Arguments.of("missing value", "{\"key\":\"bad\",\"timestamp\":1}", "'metrics[1].value'"),
        Arguments.of("missing timestamp", "{\"key\":\"bad\",\"value\":1}", "'metrics[1].timestamp'"),
        Arguments.of("non-numeric value", "{\"key\":\"bad\",\"value\":\"abc\",\"timestamp\":1}", "'metrics[1].value'"),
        Arguments.of("value beyond double range", "{\"key\":\"bad\",\"value\":1e309,\"timestamp\":1}", "'metrics[1].value'"),
        Arguments.of("boolean value", "{\"key\":\"bad\",\"value\":false,\"timestamp\":1}", "'metrics[1].value'"),
        Arguments.of("fractional step", "{\"key\":\"bad\",\"value\":1,\"timestamp\":1,\"step\":1.5}", "'metrics[1].step'"),
        Arguments.of("entry not an object", "42", "'metrics[1]'"),
        Arguments.of("key of 251 characters", "{\"key\":\"" + repeat('b', 251) + "\",\"value\":1,\"timestamp\":1}", "metrics[1].key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBatchMetrics")
  void logBatchWithOneBadMetricRejectsWholeBatch(String name, String badEntry, String field) {
    String runId = newRun();
    String before = snapshot(runId);
    String body = "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"ok\",\"value\":1,\"timestamp\":1,\"step\":0}," + badEntry
        + "],\"params\":[{\"key\":\"p\",\"value\":\"v\"}],\"tags\":[{\"key\":\"t\",\"value\":\"v\"}]}";

    error(post("runs/log-batch", body), 400, "INVALID_PARAMETER_VALUE", field);

    assertThat(snapshot(runId)).isEqualTo(before);
    assertThat(history(runId, "ok")).as("the valid metric of the batch").isEmpty();
  }

  @Test
  void logBatchWithoutRunIdIsRejected() {
    error(post("runs/log-batch", "{\"metrics\":[{\"key\":\"ok\",\"value\":1,\"timestamp\":1}]}"), 400,
        "INVALID_PARAMETER_VALUE", "'run_id'");
  }

  @Test
  void logBatchParamOrTagWithoutKeyIsRejected() {
    String runId = newRun();
    String before = snapshot(runId);
    error(post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"params\":[{\"value\":\"v\"}]}"), 400,
        "INVALID_PARAMETER_VALUE", "'params[0].key'");
    error(post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"tags\":[{\"value\":\"v\"}]}"), 400,
        "INVALID_PARAMETER_VALUE", "'tags[0].key'");
    error(post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"params\":[{\"key\":\"p\",\"value\":5}]}"), 400,
        "INVALID_PARAMETER_VALUE", "'params[0].value'");
    assertThat(snapshot(runId)).isEqualTo(before);
  }

  // ------------------------------------------------------------------ batch limits

  static ObjectNode batch(String runId, int metrics, int params, int tags) {
    ObjectNode b = obj().put("run_id", runId);
    ArrayNode m = b.putArray("metrics");
    for (int i = 0; i < metrics; i++) m.addObject().put("key", "m").put("value", i).put("timestamp", 1).put("step", i);
    ArrayNode p = b.putArray("params");
    for (int i = 0; i < params; i++) p.addObject().put("key", "p" + i).put("value", "v");
    ArrayNode t = b.putArray("tags");
    for (int i = 0; i < tags; i++) t.addObject().put("key", "t" + i).put("value", "v");
    return b;
  }

  @Test
  void logBatchOverEachLimitIsRejectedAndStoresNothing() {
    String runId = newRun();
    String before = snapshot(runId);

    error(post("runs/log-batch", batch(runId, 1001, 0, 0)), 400, "INVALID_PARAMETER_VALUE", "1000 metrics", "Got 1001");
    error(post("runs/log-batch", batch(runId, 0, 101, 0)), 400, "INVALID_PARAMETER_VALUE", "100 params", "Got 101");
    error(post("runs/log-batch", batch(runId, 0, 0, 101)), 400, "INVALID_PARAMETER_VALUE", "100 tags", "Got 101");
    error(post("runs/log-batch", batch(runId, 901, 100, 0)), 400, "INVALID_PARAMETER_VALUE", "metrics, params, and tags", "1001");
    error(post("runs/log-batch", batch(runId, 800, 100, 101)), 400, "INVALID_PARAMETER_VALUE", "100 tags");

    assertThat(snapshot(runId)).isEqualTo(before);
  }

  @Test
  void logBatchAtEachLimitIsAccepted() {
    String runId = newRun();
    ok(post("runs/log-batch", batch(runId, 800, 100, 100)));
    JsonNode data = runData(runId);
    assertThat(data.path("params")).hasSize(100);
    assertThat(history(runId, "m")).hasSize(800);
  }

  // ------------------------------------------------------------------ params and tags: rejected, never truncated

  @Test
  void paramValueOverLimitIsRejectedNotTruncated() {
    String runId = newRun();
    String before = snapshot(runId);

    error(post("runs/log-parameter", obj().put("run_id", runId).put("key", "long").put("value", repeat('x', 6001))),
        400, "INVALID_PARAMETER_VALUE", "'long'", "6001", "6000");
    ObjectNode b = obj().put("run_id", runId);
    b.putArray("params").addObject().put("key", "long").put("value", repeat('x', 6001));
    error(post("runs/log-batch", b), 400, "INVALID_PARAMETER_VALUE", "'long'", "6000");

    assertThat(snapshot(runId)).isEqualTo(before);
    ok(post("runs/log-parameter", obj().put("run_id", runId).put("key", "exact").put("value", repeat('x', 6000))));
    assertThat(runData(runId).path("params").get(0).path("value").asText()).hasSize(6000);
  }

  @Test
  void tagValueOverLimitIsRejectedNotTruncated() {
    String runId = newRun();
    String before = snapshot(runId);

    error(post("runs/set-tag", obj().put("run_id", runId).put("key", "long").put("value", repeat('y', 5001))),
        400, "INVALID_PARAMETER_VALUE", "'long'", "5001", "5000");
    ObjectNode b = obj().put("run_id", runId);
    b.putArray("tags").addObject().put("key", "long").put("value", repeat('y', 5001));
    error(post("runs/log-batch", b), 400, "INVALID_PARAMETER_VALUE", "'long'", "5000");

    assertThat(snapshot(runId)).isEqualTo(before);
  }

  @Test
  void paramKeyOf251CharactersIsRejected() {
    String runId = newRun();
    String before = snapshot(runId);
    error(post("runs/log-parameter", obj().put("run_id", runId).put("key", repeat('p', 251)).put("value", "v")),
        400, "INVALID_PARAMETER_VALUE", "250", "'key'");
    error(post("runs/set-tag", obj().put("run_id", runId).put("key", repeat('t', 251)).put("value", "v")),
        400, "INVALID_PARAMETER_VALUE", "250");
    assertThat(snapshot(runId)).isEqualTo(before);
  }

  @Test
  void duplicateParamKeysInOneBatchAreRejectedEvenWithEqualValues() {
    String runId = newRun();
    String before = snapshot(runId);
    ObjectNode b = obj().put("run_id", runId);
    ArrayNode p = b.putArray("params");
    p.addObject().put("key", "dup").put("value", "1");
    p.addObject().put("key", "other").put("value", "2");
    p.addObject().put("key", "dup").put("value", "1");
    b.putArray("metrics").addObject().put("key", "ok").put("value", 1).put("timestamp", 1);

    error(post("runs/log-batch", b), 400, "INVALID_PARAMETER_VALUE", "Duplicate parameter keys", "dup");

    assertThat(snapshot(runId)).isEqualTo(before);
  }

  @Test
  void changingParamValueIsRejectedAndOldValueKept() {
    String runId = newRun();
    ok(post("runs/log-parameter", obj().put("run_id", runId).put("key", "lr").put("value", "0.01")));
    ok(post("runs/log-parameter", obj().put("run_id", runId).put("key", "lr").put("value", "0.01")));
    String before = snapshot(runId);

    error(post("runs/log-parameter", obj().put("run_id", runId).put("key", "lr").put("value", "0.02")),
        400, "INVALID_PARAMETER_VALUE", "Changing param values is not allowed", "lr", "0.01", "0.02");
    ObjectNode b = obj().put("run_id", runId);
    b.putArray("params").addObject().put("key", "lr").put("value", "0.03");
    b.putArray("metrics").addObject().put("key", "ok").put("value", 1).put("timestamp", 1);
    error(post("runs/log-batch", b), 400, "INVALID_PARAMETER_VALUE", "Changing param values is not allowed", "lr");

    assertThat(snapshot(runId)).isEqualTo(before);
  }

  // ------------------------------------------------------------------ runs/update

  @Test
  void unknownRunStatusIsRejectedAndStatusUnchanged() {
    String runId = newRun();
    String before = snapshot(runId);

    error(post("runs/update", obj().put("run_id", runId).put("status", "BOGUS").put("end_time", 5000)),
        400, "INVALID_PARAMETER_VALUE", "'status'", "BOGUS");

    assertThat(snapshot(runId)).isEqualTo(before);
    assertThat(ok(get("runs/get?run_id=" + runId)).path("run").path("info").path("status").asText()).isEqualTo("RUNNING");
  }

  @Test
  void fractionalEndTimeIsRejected() {
    String runId = newRun();
    String before = snapshot(runId);
    error(post("runs/update", obj().put("run_id", runId).put("status", "FINISHED").put("end_time", 1.5)),
        400, "INVALID_PARAMETER_VALUE", "'end_time'");
    assertThat(snapshot(runId)).isEqualTo(before);
  }

  // ------------------------------------------------------------------ log-batch read as a token stream (LogBatchBody)

  @Test
  void logBatchWithRunIdLastWhitespaceAndEntryFieldsInAnyOrderIsStored() {
    String runId = newRun();
    ok(post("runs/log-batch", " \n{ \"metrics\" : [\n  { \"step\" : 5 , \"timestamp\" : 7 , \"value\" : 0.5 , \"key\" : \"m\" } ,\r\n"
        + "  {\"key\":\"m\",\"value\":-2,\"timestamp\":8}\t] ,\n \"params\":[{\"value\":\"v\",\"key\":\"p\"}], \"run_id\" : \"" + runId + "\" }\n"));

    JsonNode h = history(runId, "m");
    List<String> points = new ArrayList<>();
    h.forEach(p -> points.add(p.path("step").asLong() + "@" + p.path("timestamp").asLong() + "=" + p.path("value").asDouble()));
    assertThat(points).containsExactlyInAnyOrder("5@7=0.5", "0@8=-2.0");
    assertThat(runData(runId).path("params").get(0).path("value").asText()).isEqualTo("v");
  }

  @Test
  void logBatchIgnoresUnknownFieldsNestedOrTopLevel() {
    String runId = newRun();
    ok(post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\",\"extra\":{\"a\":[1,{\"b\":null}],\"c\":\"d\"},"
        + "\"value\":1,\"timestamp\":1,\"more\":[[]]}],\"tags\":[{\"key\":\"t\",\"value\":\"v\",\"x\":{}}]}"));
    ok(post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"surprise\":{\"a\":[1]},\"metrics\":[{\"key\":\"m\",\"value\":2,\"timestamp\":2,\"step\":1}]}"));
    assertThat(history(runId, "m")).hasSize(2);
  }

  @Test
  void logBatchAcceptsNumericStringsAsBefore() {
    String runId = newRun();
    ok(post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\",\"value\":\"0.5\",\"timestamp\":\"1700000000000\",\"step\":\"42\"}]}"));
    JsonNode point = history(runId, "m").get(0);
    assertThat(point.path("timestamp").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(point.path("step").asLong()).isEqualTo(42L);
    assertThat(point.path("value").asDouble()).isEqualTo(0.5);
  }

  @Test
  void logBatchBodiesThatAreNotOneJsonObjectAreRejectedAndStoreNothing() {
    String runId = newRun();
    String before = snapshot(runId);
    String metric = "{\"key\":\"m\",\"value\":1,\"timestamp\":1}";
    String plain = "{\"run_id\":\"" + runId + "\",\"metrics\":[" + metric + "]}";
    error(post("runs/log-batch", "[" + plain + "]"), 400, "INVALID_PARAMETER_VALUE", "must be a JSON object");
    error(post("runs/log-batch", plain + " {}"), 400, "INVALID_PARAMETER_VALUE", "not valid JSON");
    error(post("runs/log-batch", plain.substring(0, plain.length() - 1)), 400, "INVALID_PARAMETER_VALUE", "not valid JSON");
    error(post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\",\"key\":\"n\",\"value\":1,\"timestamp\":1}]}"),
        400, "INVALID_PARAMETER_VALUE", "not valid JSON", "Duplicate field 'key'");
    error(post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[" + metric + "],\"run_id\":\"" + runId + "\"}"),
        400, "INVALID_PARAMETER_VALUE", "not valid JSON", "Duplicate field 'run_id'");
    error(post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1,\"deep\":"
        + "[".repeat(100) + "]".repeat(100) + "}]}"), 400, "INVALID_PARAMETER_VALUE", "not valid JSON", "nesting depth");
    assertThat(snapshot(runId)).isEqualTo(before);
  }

  @Test
  void logBatchReportsInvalidJsonBeforeAnInvalidEntryEarlierInTheBody() {
    String runId = newRun();
    String before = snapshot(runId);
    String message = error(post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\",\"value\":\"abc\",\"timestamp\":1},"
        + "{\"key\":\"m\",\"value\":1,\"timestamp\":1,}]}"), 400, "INVALID_PARAMETER_VALUE", "not valid JSON");
    assertThat(message).doesNotContain("metrics[0]");
    assertThat(snapshot(runId)).isEqualTo(before);
  }

  // ------------------------------------------------------------------ bodies and content types

  @Test
  void bodyThatIsNotJsonIsRejected() {
    String runId = newRun();
    String before = snapshot(runId);
    error(post("runs/log-metric", "run_id=" + runId + "&key=m&value=1"), 400, "INVALID_PARAMETER_VALUE", "not valid JSON");
    error(post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":1,\"timestamp\":1"), 400,
        "INVALID_PARAMETER_VALUE", "not valid JSON");
    error(post("runs/log-metric", "[1, 2]"), 400, "INVALID_PARAMETER_VALUE", "JSON object");
    error(post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":1,\"timestamp\":1} {}"), 400,
        "INVALID_PARAMETER_VALUE", "not valid JSON");
    assertThat(snapshot(runId)).isEqualTo(before);
  }

  @Test
  void bodyOverFourMebibytesIsRejected() {
    String runId = newRun();
    String before = snapshot(runId);
    String pad = repeat('z', HttpRequests.MAX_BODY_BYTES);
    String body = "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1}],\"padding\":\"" + pad + "\"}";
    assertThat(body.length()).isGreaterThan(HttpRequests.MAX_BODY_BYTES);

    error(post("runs/log-batch", body), 400, "INVALID_PARAMETER_VALUE", String.valueOf(HttpRequests.MAX_BODY_BYTES));

    assertThat(snapshot(runId)).isEqualTo(before);
  }

  @Test
  void missingOrWrongContentTypeIsRejected() {
    String runId = newRun();
    String before = snapshot(runId);
    String body = "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":1,\"timestamp\":1}";

    HttpResponse<String> none = send(HttpRequest.newBuilder(uri("runs/log-metric")).POST(HttpRequest.BodyPublishers.ofString(body)));
    error(none, 400, "INVALID_PARAMETER_VALUE", "Content-Type");
    HttpResponse<String> text = send(HttpRequest.newBuilder(uri("runs/log-metric")).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    error(text, 400, "INVALID_PARAMETER_VALUE", "Content-Type", "application/json");

    assertThat(snapshot(runId)).isEqualTo(before);
  }

  // ------------------------------------------------------------------ run state and unknown resources

  @Test
  void loggingToDeletedRunIsRejectedWith400() {
    String runId = newRun();
    ok(post("runs/delete", obj().put("run_id", runId)));
    String before = snapshot(runId);

    error(post("runs/log-metric", obj().put("run_id", runId).put("key", "m").put("value", 1).put("timestamp", 1)),
        400, "INVALID_PARAMETER_VALUE", runId, "deleted");
    error(post("runs/log-parameter", obj().put("run_id", runId).put("key", "p").put("value", "v")), 400, "INVALID_PARAMETER_VALUE", "deleted");
    error(post("runs/set-tag", obj().put("run_id", runId).put("key", "t").put("value", "v")), 400, "INVALID_PARAMETER_VALUE", "deleted");
    error(post("runs/log-batch", batch(runId, 1, 1, 1)), 400, "INVALID_PARAMETER_VALUE", "deleted");

    assertThat(snapshot(runId)).isEqualTo(before);
  }

  @Test
  void loggingToUnknownRunIsRejectedWith404() {
    String unknown = "ffffffffffffffffffffffffffffffff";
    error(post("runs/log-metric", obj().put("run_id", unknown).put("key", "m").put("value", 1).put("timestamp", 1)),
        404, "RESOURCE_DOES_NOT_EXIST", unknown);
    error(post("runs/log-batch", batch(unknown, 1, 0, 0)), 404, "RESOURCE_DOES_NOT_EXIST", unknown);
    error(post("runs/log-parameter", obj().put("run_id", unknown).put("key", "p").put("value", "v")), 404, "RESOURCE_DOES_NOT_EXIST");
    error(get("runs/get?run_id=" + unknown), 404, "RESOURCE_DOES_NOT_EXIST", unknown);
  }

  @Test
  void historyOfUnknownRunIs404() {
    error(get("metrics/get-history?run_id=eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee&metric_key=m"), 404, "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void historyWithoutMetricKeyIsRejected() {
    error(get("metrics/get-history?run_id=" + newRun()), 400, "INVALID_PARAMETER_VALUE", "'metric_key'");
  }

  @Test
  void unknownPathIs404JsonEndpointNotFound() {
    error(get("runs/no-such-endpoint"), 404, "ENDPOINT_NOT_FOUND");
    error(post("/api/2.0/mlflow/nothing/here", "{}"), 404, "ENDPOINT_NOT_FOUND");
  }

  @Test
  void wrongMethodIs405Json() {
    error(get("runs/create"), 405, "METHOD_NOT_ALLOWED");
    error(post("metrics/get-history", "{}"), 405, "METHOD_NOT_ALLOWED");
  }

  // ------------------------------------------------------------------ search

  @Test
  void malformedFilterIsRejectedWithPosition() {
    String exp = newExperiment();
    ObjectNode b = obj().put("filter", "metrics.acc >>> 1");
    b.putArray("experiment_ids").add(exp);
    error(post("runs/search", b), 400, "INVALID_PARAMETER_VALUE", "position");

    ObjectNode unclosed = obj().put("filter", "(params.model = 'cnn'");
    unclosed.putArray("experiment_ids").add(exp);
    error(post("runs/search", unclosed), 400, "INVALID_PARAMETER_VALUE", "position");
  }

  @Test
  void badOrderByIsRejected() {
    ObjectNode b = obj();
    b.putArray("experiment_ids").add(newExperiment());
    b.putArray("order_by").add("metrics.acc SIDEWAYS");
    error(post("runs/search", b), 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void maxResultsOverLimitIsRejected() {
    ObjectNode b = obj().put("max_results", 50001);
    b.putArray("experiment_ids").add(newExperiment());
    error(post("runs/search", b), 400, "INVALID_PARAMETER_VALUE", "'max_results'", "50000");
    ObjectNode zero = obj().put("max_results", 0);
    zero.putArray("experiment_ids").add("0");
    error(post("runs/search", zero), 400, "INVALID_PARAMETER_VALUE", "'max_results'");
  }

  @Test
  void garbagePageTokenIsRejected() {
    ObjectNode b = obj().put("page_token", "!!!not-base64!!!");
    b.putArray("experiment_ids").add(newExperiment());
    error(post("runs/search", b), 400, "INVALID_PARAMETER_VALUE", "page token");
    ObjectNode wellEncodedButWrong = obj().put("page_token", java.util.Base64.getEncoder().encodeToString("{\"x\": 1}".getBytes()));
    wellEncodedButWrong.putArray("experiment_ids").add("0");
    error(post("runs/search", wellEncodedButWrong), 400, "INVALID_PARAMETER_VALUE", "page token");
  }

  // ------------------------------------------------------------------ accepted inputs

  @Test
  void int64FieldsGivenAsStringsAreAccepted() {
    String runId = newRun();
    ok(post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":\"0.5\",\"timestamp\":\"1700000000000\",\"step\":\"42\"}"));
    ok(post("runs/update", "{\"run_id\":\"" + runId + "\",\"status\":\"FINISHED\",\"end_time\":\"1700000000999\"}"));

    JsonNode point = history(runId, "m").get(0);
    assertThat(point.path("timestamp").isIntegralNumber()).isTrue();
    assertThat(point.path("timestamp").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(point.path("step").asLong()).isEqualTo(42L);
    assertThat(point.path("value").asDouble()).isEqualTo(0.5);
    assertThat(ok(get("runs/get?run_id=" + runId)).path("run").path("info").path("end_time").asLong()).isEqualTo(1_700_000_000_999L);
  }

  @Test
  void nanAndInfinityStringsAreAcceptedAndReturnedAsStrings() {
    String runId = newRun();
    ok(post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":\"NaN\",\"timestamp\":1,\"step\":0}"));
    ok(post("runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":["
        + "{\"key\":\"m\",\"value\":\"Infinity\",\"timestamp\":2,\"step\":1},"
        + "{\"key\":\"m\",\"value\":\"-Infinity\",\"timestamp\":3,\"step\":2},"
        + "{\"key\":\"ok\",\"value\":\"NaN\",\"timestamp\":3,\"step\":2}]}"));

    JsonNode h = history(runId, "m");
    assertThat(h).hasSize(3);
    assertThat(h.get(0).path("value").isTextual()).isTrue();
    assertThat(h.get(0).path("value").asText()).isEqualTo("NaN");
    assertThat(h.get(1).path("value").asText()).isEqualTo("Infinity");
    assertThat(h.get(2).path("value").asText()).isEqualTo("-Infinity");

    JsonNode latest = runData(runId).path("metrics");
    List<String> pairs = new ArrayList<>();
    latest.forEach(m -> pairs.add(m.path("key").asText() + "=" + m.path("value").asText()));
    assertThat(pairs).containsExactlyInAnyOrder("m=-Infinity", "ok=NaN");
  }

  @Test
  void exactDuplicatePointFromRetriedBatchIsStoredOnce() {
    String runId = newRun();
    String body = "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\",\"value\":0.5,\"timestamp\":10,\"step\":1},"
        + "{\"key\":\"m\",\"value\":0.5,\"timestamp\":10,\"step\":1},{\"key\":\"m\",\"value\":0.7,\"timestamp\":11,\"step\":2}]}";
    ok(post("runs/log-batch", body));
    ok(post("runs/log-batch", body));
    ok(post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":0.5,\"timestamp\":10,\"step\":1}"));

    JsonNode h = history(runId, "m");
    assertThat(h).hasSize(2);
    assertThat(h.get(0).path("value").asDouble()).isEqualTo(0.5);
    assertThat(h.get(1).path("value").asDouble()).isEqualTo(0.7);
  }

  @Test
  void sameStepAndTimestampWithDifferentValueIsStoredTwice() {
    String runId = newRun();
    ok(post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":1.0,\"timestamp\":10,\"step\":3}"));
    ok(post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":2.0,\"timestamp\":10,\"step\":3}"));

    JsonNode h = history(runId, "m");
    assertThat(h).hasSize(2);
    List<Double> values = new ArrayList<>();
    h.forEach(p -> {
      assertThat(p.path("step").asLong()).isEqualTo(3L);
      assertThat(p.path("timestamp").asLong()).isEqualTo(10L);
      values.add(p.path("value").asDouble());
    });
    assertThat(values).containsExactlyInAnyOrder(1.0, 2.0);
  }

  @Test
  void runUuidIsAcceptedInPlaceOfRunId() {
    String runId = newRun();
    ok(post("runs/log-metric", "{\"run_uuid\":\"" + runId + "\",\"key\":\"m\",\"value\":3,\"timestamp\":1}"));
    ok(post("runs/log-parameter", "{\"run_uuid\":\"" + runId + "\",\"key\":\"p\",\"value\":\"v\"}"));
    ok(post("runs/set-tag", "{\"run_uuid\":\"" + runId + "\",\"key\":\"t\",\"value\":\"v\"}"));

    assertThat(ok(get("runs/get?run_uuid=" + runId)).path("run").path("info").path("run_id").asText()).isEqualTo(runId);
    assertThat(ok(get("metrics/get-history?run_uuid=" + runId + "&metric_key=m")).path("metrics")).hasSize(1);
    JsonNode data = runData(runId);
    assertThat(data.path("params").get(0).path("key").asText()).isEqualTo("p");
    List<String> tagKeys = new ArrayList<>();
    data.path("tags").forEach(t -> tagKeys.add(t.path("key").asText()));
    assertThat(tagKeys).contains("t");
  }

  @Test
  void unknownExtraFieldsAreIgnored() {
    String runId = newRun();
    ok(post("runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":3,\"timestamp\":1,\"surprise\":{\"a\":[1]}}"));
    assertThat(history(runId, "m")).hasSize(1);
  }

  @Test
  void ajaxApiPrefixServesTheSameEndpoints() {
    String runId = newRun();
    HttpResponse<String> r = post("/ajax-api/2.0/mlflow/runs/log-metric",
        "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":4,\"timestamp\":1}");
    assertThat(ok(r).size()).isZero();
    JsonNode h = ok(get("/ajax-api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=m")).path("metrics");
    assertThat(h).hasSize(1);
    assertThat(h.get(0).path("value").asDouble()).isEqualTo(4.0);
    error(post("/ajax-api/2.0/mlflow/runs/log-metric", "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":\"abc\",\"timestamp\":1}"),
        400, "INVALID_PARAMETER_VALUE", "'value'");
  }

  @Test
  void healthIsPlainOk() {
    HttpResponse<String> r = get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("OK");
  }

  @Test
  void writeEndpointsAnswerEmptyJsonObject() {
    String runId = newRun();
    assertThat(ok(post("runs/log-metric", obj().put("run_id", runId).put("key", "m").put("value", 1).put("timestamp", 1))).size()).isZero();
    assertThat(ok(post("runs/log-batch", obj().put("run_id", runId))).size()).isZero();
  }
}
