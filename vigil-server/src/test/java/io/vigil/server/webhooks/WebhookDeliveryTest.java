package io.vigil.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhooks delivered to real HTTP receivers on port 0: signatures, retries, the delivery log, slow and dead receivers. */
class WebhookDeliveryTest {
  private static final ObjectMapper M = new ObjectMapper();

  @TempDir static Path dir;
  static VigilServer server;
  static HttpServer receiver;
  static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** What one receiver path got: headers and body per request. */
  record Received(Map<String, String> headers, byte[] body) {
    JsonNode json() throws Exception {
      return M.readTree(body);
    }
  }

  static final Map<String, List<Received>> got = new ConcurrentHashMap<>();
  static final AtomicInteger flakyCalls = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("vigil.webhooks.retryBaseMillis", "20");
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newCachedThreadPool());
    receiver.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, String> h = new ConcurrentHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
      String path = ex.getRequestURI().getPath();
      got.computeIfAbsent(path, k -> new CopyOnWriteArrayList<>()).add(new Received(h, body));
      int status = 200;
      if (path.equals("/flaky") && !"3".equals(h.get("x-vigil-attempt"))) status = 500;
      if (path.equals("/slow")) {
        try {
          Thread.sleep(3000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    receiver.start();
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("w.db").toAbsolutePath(),
        dir.resolve("artifacts").toString())).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (receiver != null) receiver.stop(0);
    System.clearProperty("vigil.webhooks.retryBaseMillis");
  }

  static String receiverUrl(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  static JsonNode call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
    if (body != null) b.header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
    return M.readTree(r.body());
  }

  static JsonNode hook(String path, String events, String secret) throws Exception {
    return call("POST", "/api/vigil/webhooks", "{\"url\":\"" + receiverUrl(path) + "\",\"events\":" + events
        + (secret == null ? "" : ",\"secret\":\"" + secret + "\"") + "}").path("webhook");
  }

  static void model(String name) throws Exception {
    call("POST", "/api/2.0/mlflow/registered-models/create", "{\"name\":\"" + name + "\"}");
    call("POST", "/api/2.0/mlflow/model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"s3://x\"}");
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  static List<Received> at(String path) {
    return got.getOrDefault(path, List.of());
  }

  static String hmac(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void events_areSignedWithHmacSha256_andCarryTheirData() throws Exception {
    JsonNode w = hook("/signed", "[\"model_version.created\",\"alias.moved\",\"gate.passed\"]", "s3cret");
    assertThat(w.path("secret").asText()).isEqualTo("s3cret");
    model("signed");
    call("POST", "/api/2.0/mlflow/registered-models/alias", "{\"name\":\"signed\",\"alias\":\"champion\",\"version\":\"1\","
        + "\"reason\":\"first\"}");
    call("POST", "/api/vigil/registered-models/signed/gate-results", "{\"version\":\"1\",\"passed\":true,\"rules\":[]}");
    await(() -> at("/signed").size() >= 3, "three deliveries");
    for (Received r : at("/signed")) {
      assertThat(r.headers().get("x-vigil-signature-256")).isEqualTo(hmac("s3cret", r.body()));
      assertThat(r.headers().get("content-type")).isEqualTo("application/json");
      assertThat(r.json().path("delivery_id").asText()).isEqualTo(r.headers().get("x-vigil-delivery"));
    }
    Map<String, JsonNode> byEvent = new ConcurrentHashMap<>();
    for (Received r : at("/signed")) byEvent.put(r.headers().get("x-vigil-event"), r.json());
    assertThat(byEvent).containsOnlyKeys("model_version.created", "alias.moved", "gate.passed");
    assertThat(byEvent.get("model_version.created").at("/data/version").asText()).isEqualTo("1");
    assertThat(byEvent.get("alias.moved").at("/data/to_version").asText()).isEqualTo("1");
    assertThat(byEvent.get("alias.moved").at("/data/reason").asText()).isEqualTo("first");
    assertThat(byEvent.get("gate.passed").at("/data/name").asText()).isEqualTo("signed");
    JsonNode tags = call("GET", "/api/2.0/mlflow/model-versions/get?name=signed&version=1", null).at("/model_version/tags");
    assertThat(tags.get(0).path("key").asText()).isEqualTo("vigil.gate");
    assertThat(tags.get(0).path("value").asText()).isEqualTo("passed");
  }

  @Test
  void failedDeliveries_areRetriedWithBackoff_andEveryAttemptIsLogged() throws Exception {
    String id = hook("/flaky", "[\"ping\"]", null).path("id").asText();
    String delivery = call("POST", "/api/vigil/webhooks/" + id + "/ping", null).path("delivery_id").asText();
    await(() -> at("/flaky").size() >= 3, "three attempts");
    assertThat(at("/flaky")).extracting(r -> r.headers().get("x-vigil-delivery")).containsOnly(delivery);
    assertThat(at("/flaky")).extracting(r -> r.headers().get("x-vigil-attempt")).containsExactly("1", "2", "3");
    await(() -> {
      try {
        return call("GET", "/api/vigil/webhooks/" + id + "/deliveries", null).path("deliveries").size() == 3;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }, "three logged attempts");
    JsonNode log = call("GET", "/api/vigil/webhooks/" + id + "/deliveries", null).path("deliveries");
    assertThat(log.get(0).path("attempt").asInt()).isEqualTo(3);
    assertThat(log.get(0).path("success").asBoolean()).isTrue();
    assertThat(log.get(1).path("status_code").asInt()).isEqualTo(500);
    assertThat(log.get(1).path("error").asText()).isEqualTo("HTTP 500");
    assertThat(log.get(2).path("success").asBoolean()).isFalse();
  }

  @Test
  void slowAndDeadReceivers_neverSlowTheApi() throws Exception {
    hook("/slow", "[\"alias.moved\"]", null);
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    String dead = call("POST", "/api/vigil/webhooks", "{\"url\":\"http://127.0.0.1:" + deadPort + "/gone\",\"events\":[\"*\"]}")
        .at("/webhook/id").asText();
    model("busy");
    long start = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      call("POST", "/api/2.0/mlflow/registered-models/alias", "{\"name\":\"busy\",\"alias\":\"a" + i + "\",\"version\":\"1\"}");
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(ms).as("10 alias moves with a 3 s receiver and a dead one").isLessThan(2000);
    await(() -> {
      try {
        JsonNode log = call("GET", "/api/vigil/webhooks/" + dead + "/deliveries", null).path("deliveries");
        return log.size() > 0 && log.get(0).path("error").asText().contains("Connect");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }, "a logged connection failure");
    call("DELETE", "/api/vigil/webhooks/" + dead, null);
    assertThat(call("GET", "/api/vigil/webhooks", null).path("webhooks").findValuesAsText("id")).doesNotContain(dead);
  }

  @Test
  void registration_rejectsBadUrlsAndEvents() throws Exception {
    for (String body : List.of("{\"url\":\"ftp://x/y\"}", "{\"url\":\"not a url\"}", "{\"url\":\"http://h/\",\"events\":[\"nope\"]}")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/vigil/webhooks"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(body).isEqualTo(400);
    }
    JsonNode generated = hook("/unused", "[]", null);
    assertThat(generated.path("secret").asText()).hasSize(48);
    assertThat(generated.path("events").get(0).asText()).isEqualTo("*");
  }
}
