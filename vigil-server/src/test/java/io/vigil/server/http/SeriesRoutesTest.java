package io.vigil.server.http;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/vigil/series over HTTP, and the dashboard's static files and SPA fallback beside the JSON API. */
class SeriesRoutesTest {
  private static final ObjectMapper M = new ObjectMapper();
  @TempDir Path dir;
  private VigilServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("s.db").toAbsolutePath(),
        dir.resolve("a").toString())).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode post(String path, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow/" + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return M.readTree(r.body());
  }

  @Test
  void series_returnsColumnsPerRun_withNanAsNull() throws Exception {
    String run = post("runs/create", "{}").path("run").path("info").path("run_id").asText();
    StringBuilder b = new StringBuilder("{\"run_id\":\"" + run + "\",\"metrics\":[");
    for (int i = 0; i < 1000; i++) {
      b.append(i == 0 ? "" : ",").append("{\"key\":\"loss\",\"value\":").append(i == 500 ? "\"NaN\"" : Integer.toString(i))
          .append(",\"timestamp\":").append(1000 + i).append(",\"step\":").append(i).append('}');
    }
    post("runs/log-batch", b.append("]}").toString());

    HttpResponse<String> r = get("/api/vigil/series?run_ids=" + run + "&key=loss&points=10");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode s = M.readTree(r.body()).path("series").get(0);
    assertThat(s.path("run_id").asText()).isEqualTo(run);
    assertThat(s.path("downsampled").asBoolean()).isTrue();
    assertThat(s.path("point_count").asLong()).isEqualTo(1000);
    assertThat(s.path("x_min")).hasSize(10);
    assertThat(s.path("max").get(9).asDouble()).isEqualTo(999.0);
    assertThat(s.path("nan_count").get(5).asLong()).isEqualTo(1);
    assertThat(s.path("first").get(5).isNull()).isTrue();

    JsonNode time = M.readTree(get("/api/vigil/series?run_ids=" + run + "&key=loss&points=2000&x=time&from=1990").body());
    assertThat(time.path("x").asText()).isEqualTo("time");
    assertThat(time.path("series").get(0).path("x_min")).hasSize(10);
    assertThat(time.path("series").get(0).path("downsampled").asBoolean()).isFalse();
  }

  @Test
  void series_badInput_isAnMlflowStyleError() throws Exception {
    String run = post("runs/create", "{}").path("run").path("info").path("run_id").asText();
    for (String q : new String[] {"key=loss", "run_ids=" + run, "run_ids=" + run + "&key=m&points=0",
        "run_ids=" + run + "&key=m&x=epoch", "run_ids=" + run + "&key=m&from=5&to=1", "run_ids=" + run + "&key=m&from=abc"}) {
      HttpResponse<String> r = get("/api/vigil/series?" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(M.readTree(r.body()).path("error_code").asText()).as(q).isEqualTo("INVALID_PARAMETER_VALUE");
    }
    HttpResponse<String> missing = get("/api/vigil/series?run_ids=nope&key=m");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(M.readTree(missing.body()).path("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void dashboard_isServedAtRoot_withSpaFallback_whileApi404sStayJson() throws Exception {
    HttpResponse<String> root = get("/");
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.body()).containsIgnoringCase("<!doctype html");
    HttpResponse<String> deep = get("/experiments/1/runs");
    assertThat(deep.statusCode()).as(deep.body()).isEqualTo(200);
    assertThat(deep.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");

    HttpResponse<String> api = get("/api/2.0/mlflow/no-such-endpoint");
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(M.readTree(api.body()).path("error_code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");
    HttpResponse<String> vigil = get("/api/vigil/nothing");
    assertThat(vigil.statusCode()).isEqualTo(404);
    assertThat(M.readTree(vigil.body()).path("error_code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");
    HttpResponse<String> notFoundRun = get("/api/2.0/mlflow/runs/get?run_id=zzz");
    assertThat(notFoundRun.statusCode()).isEqualTo(404);
    assertThat(M.readTree(notFoundRun.body()).path("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    HttpResponse<String> asset = get("/missing.js");
    assertThat(asset.statusCode()).isEqualTo(404);
  }
}
