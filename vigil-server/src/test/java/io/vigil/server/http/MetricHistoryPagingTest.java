package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** get-history pages by max_results and page_token, except for the MLflow Java client, which cannot follow tokens. */
class MetricHistoryPagingTest {
  private static final ObjectMapper M = new ObjectMapper();
  @TempDir Path dir;

  private static JsonNode call(HttpClient http, HttpRequest.Builder b) throws Exception {
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return M.readTree(r.body());
  }

  @Test
  void getHistory_pagesByMaxResults_andServesTheJavaClientWhole() throws Exception {
    try (VigilServer server = VigilServer.create(new ServerConfig("127.0.0.1", 0,
        "sqlite:///" + dir.resolve("p.db").toAbsolutePath(), dir.resolve("a").toString())).start()) {
      HttpClient http = HttpClient.newHttpClient();
      String api = server.url() + "/api/2.0/mlflow/";
      String runId = call(http, HttpRequest.newBuilder(URI.create(api + "runs/create")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}"))).path("run").path("info").path("run_id").asText();
      StringBuilder batch = new StringBuilder("{\"run_id\":\"" + runId + "\",\"metrics\":[");
      for (int i = 0; i < 1000; i++) batch.append(i == 0 ? "" : ",").append("{\"key\":\"m\",\"value\":").append(i)
          .append(",\"timestamp\":1,\"step\":").append(i).append('}');
      call(http, HttpRequest.newBuilder(URI.create(api + "runs/log-batch")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(batch.append("]}").toString())));

      List<Long> steps = new ArrayList<>();
      String token = null;
      int pages = 0;
      do {
        String q = "metrics/get-history?run_id=" + runId + "&metric_key=m&max_results=300"
            + (token == null ? "" : "&page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        JsonNode page = call(http, HttpRequest.newBuilder(URI.create(api + q)));
        page.path("metrics").forEach(m -> steps.add(m.path("step").asLong()));
        token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
        pages++;
      } while (token != null);
      assertThat(pages).isEqualTo(4);
      assertThat(steps).hasSize(1000);
      for (int i = 0; i < 1000; i++) assertThat(steps.get(i)).isEqualTo(i);

      JsonNode whole = call(http, HttpRequest.newBuilder(URI.create(api + "metrics/get-history?run_id=" + runId
          + "&metric_key=m&max_results=300")).header("User-Agent", "mlflow-java-client/2.17.2"));
      assertThat(whole.path("metrics").size()).isEqualTo(1000);
      assertThat(whole.has("next_page_token")).isFalse();
    }
  }
}
