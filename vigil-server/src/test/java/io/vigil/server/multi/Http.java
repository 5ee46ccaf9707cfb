package io.vigil.server.multi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** A tiny MLflow REST client for the multi-server tests: status, headers and parsed JSON. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Response(int status, JsonNode body, HttpResponse<String> raw) {
    String errorCode() {
      return body.path("error_code").asText();
    }
  }

  static Response post(String base, String path, Object body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    return send(req);
  }

  static Response get(String base, String path, Map<String, String> query) throws Exception {
    String q = query.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + path + "?" + q))
        .timeout(Duration.ofSeconds(30)).GET().build();
    return send(req);
  }

  /** A request to the Vigil API ({@code /api/vigil/...}); {@code body} null sends none. */
  static Response vigil(String base, String method, String path, Object body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/vigil/" + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    return send(req);
  }

  private static Response send(HttpRequest req) throws Exception {
    HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
    JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    return new Response(r.statusCode(), body, r);
  }

  static Response ok(Response r) {
    if (r.status() != 200) throw new AssertionError("HTTP " + r.status() + ": " + r.body());
    return r;
  }
}
