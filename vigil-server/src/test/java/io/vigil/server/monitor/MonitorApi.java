package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/** A server on port 0 with a test clock, and small HTTP helpers. */
final class MonitorApi implements AutoCloseable {
  static final ObjectMapper M = new ObjectMapper();
  final MutableClock clock;
  final VigilServer server;
  final HttpClient http = HttpClient.newHttpClient();

  MonitorApi(Path dir, long startMillis) {
    clock = new MutableClock(startMillis);
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("monitor.db").toAbsolutePath(),
        dir.resolve("artifacts").toAbsolutePath().toString()), clock).start();
  }

  HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
    if (contentType != null) b.header("Content-Type", contentType);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    return M.readTree(r.body());
  }

  JsonNode json(String method, String path, Object body) throws Exception {
    return ok(send(method, path, "application/json", body instanceof String s ? s : M.writeValueAsString(body)));
  }

  JsonNode get(String path) throws Exception {
    return ok(send("GET", path, null, null));
  }

  void tick() {
    server.monitors().tick();
  }

  /** The all-versions value of {@code metric} in the window starting at {@code start}, NaN when absent. */
  double window(String model, String metric, long start) throws Exception {
    JsonNode w = get("/api/vigil/monitors/" + model + "/windows?metric=" + metric + "&model_version=&from=" + start
        + "&to=" + (start + 1));
    if (w.get("windows").isEmpty()) return Double.NaN;
    JsonNode v = w.get("windows").get(0).get("value");
    return v.isNumber() ? v.doubleValue() : Double.NaN;
  }

  @Override
  public void close() {
    server.close();
  }
}
