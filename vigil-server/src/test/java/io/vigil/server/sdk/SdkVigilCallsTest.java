package io.vigil.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.vigil.client.ActiveRun;
import io.vigil.client.ClientConfig;
import io.vigil.client.RetryPolicy;
import io.vigil.client.VigilClient;
import io.vigil.client.VigilClientException;
import io.vigil.client.VigilHttpException;
import io.vigil.model.Metric;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's Vigil-only calls: evaluate and downsampled series, and a clear error against a non-Vigil server. */
class SdkVigilCallsTest {
  @TempDir Path dir;

  private static VigilClient client(String url) {
    return VigilClient.create(ClientConfig.builder(url).shutdownHook(false)
        .retryPolicy(new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50), 2.0, Duration.ofSeconds(2))).build());
  }

  @Test
  void evaluate_computesOnTheServer_andLogsToTheRun() {
    try (VigilServer server = VigilServer.create(new ServerConfig("127.0.0.1", 0,
        "sqlite:///" + dir.resolve("v.db").toAbsolutePath(), dir.resolve("a").toString())).start();
         VigilClient vigil = client(server.url())) {
      String runId;
      try (ActiveRun run = vigil.startRun("sdk-eval", "r")) {
        runId = run.runId();
        for (int step = 0; step < 50; step++) run.logMetric("loss", 1.0 / (step + 1), step);
      }
      Map<String, Double> m = vigil.evaluate("binary", List.of(1, 0, 1, 1), List.of(1, 0, 0, 1),
          new double[] {0.9, 0.2, 0.4, 0.8}, 1, runId);
      assertThat(m.get("accuracy")).isEqualTo(0.75);
      assertThat(m.get("roc_auc")).isEqualTo(1.0);
      assertThat(vigil.getRun(runId).data().metrics()).extracting(Metric::key).contains("accuracy", "roc_auc", "loss");

      JsonNode series = vigil.downsampledSeries(List.of(runId), "loss", 10);
      JsonNode s = series.path("series").get(0);
      assertThat(s.path("point_count").asLong()).isEqualTo(50);
      assertThat(s.path("max").get(0).asDouble()).isEqualTo(1.0);

      assertThatThrownBy(() -> vigil.evaluate("binary", List.of(1, 0), List.of(1), null, 1, null))
          .isInstanceOf(VigilHttpException.class).hasMessageContaining("length mismatch");
    }
  }

  @Test
  void vigilOnlyCall_againstAServerWithoutTheVigilApi_saysSo() throws Exception {
    // MLflow answers unknown paths with Flask's HTML 404 page (see shared/MLFLOW-WIRE.md).
    HttpServer mlflowLike = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    mlflowLike.createContext("/", exchange -> {
      byte[] page = "<!doctype html><title>404 Not Found</title>".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(404, page.length);
      exchange.getResponseBody().write(page);
      exchange.close();
    });
    mlflowLike.start();
    try (VigilClient vigil = client("http://127.0.0.1:" + mlflowLike.getAddress().getPort())) {
      assertThatThrownBy(() -> vigil.evaluate("binary", List.of(1, 0), List.of(1, 0), null, 1, null))
          .isInstanceOf(VigilClientException.class)
          .hasMessageContaining("is not a Vigil server").hasMessageContaining("/api/vigil/evaluate");
      assertThatThrownBy(() -> vigil.downsampledSeries(List.of("r"), "loss", 10))
          .hasMessageContaining("is not a Vigil server");
    } finally {
      mlflowLike.stop(0);
    }
  }
}
