package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.cli.ServerCommand;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil server --monitoring off}: monitor routes answer 503, everything else works. */
class MonitoringOffTest {
  static final long T0 = 1_767_225_600_000L;
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  private ServerConfig config() {
    return new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("monitor.db").toAbsolutePath(),
        dir.resolve("artifacts").toAbsolutePath().toString());
  }

  private HttpResponse<String> send(VigilServer s, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path)).header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void monitoringOff_monitorRoutesAnswer503_otherRoutesWork_andNothingIsLoadedOrTicked() throws Exception {
    try (MonitorApi on = new MonitorApi(dir, T0)) {
      on.json("PUT", "/api/vigil/monitors/churn", Map.of("task", "binary", "positive_label", 1, "metrics", List.of("accuracy")));
      on.json("POST", "/api/vigil/monitors/churn/predictions", List.of(Map.of("id", "a", "timestamp", T0, "model_version", "1", "prediction", 1)));
      on.tick();
    }
    try (VigilServer off = VigilServer.create(config().withMonitoring(false), new MutableClock(T0)).start()) {
      String events = MonitorApi.M.writeValueAsString(List.of(Map.of("id", "b", "timestamp", T0, "model_version", "1", "prediction", 1)));
      List<String[]> calls = List.of(
          new String[] {"GET", "/api/vigil/monitors", null},
          new String[] {"PUT", "/api/vigil/monitors/churn", "{\"task\":\"binary\",\"positive_label\":1}"},
          new String[] {"GET", "/api/vigil/monitors/churn", null},
          new String[] {"POST", "/api/vigil/monitors/churn/predictions", events},
          new String[] {"POST", "/api/vigil/monitors/churn/outcomes", "[{\"id\":\"a\",\"label\":1}]"},
          new String[] {"GET", "/api/vigil/monitors/churn/windows?metric=accuracy", null},
          new String[] {"GET", "/api/vigil/monitors/churn/alerts", null},
          new String[] {"DELETE", "/api/vigil/monitors/churn", null});
      for (String[] c : calls) {
        HttpResponse<String> r = send(off, c[0], c[1], c[2]);
        assertThat(r.statusCode()).as(c[0] + " " + c[1]).isEqualTo(503);
        JsonNode body = MonitorApi.M.readTree(r.body());
        assertThat(body.get("error_code").asText()).isEqualTo("TEMPORARILY_UNAVAILABLE");
        assertThat(body.get("message").asText()).contains("another Vigil server").contains("--monitoring off");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
      }
      assertThat(off.monitors().active()).isFalse();
      off.monitors().tick(); // does nothing: no state, no notifications

      HttpResponse<String> created = send(off, "POST", "/api/2.0/mlflow/experiments/create", "{\"name\":\"e\"}");
      assertThat(created.statusCode()).isEqualTo(200);
      assertThat(send(off, "GET", "/health", null).statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = send(off, "GET", "/metrics", null);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).doesNotContain("vigil_monitor_value{").doesNotContain("vigil_monitor_window_start_seconds{");
    }
    // Nothing was deleted or changed by the refused requests: a server with monitoring on still has the monitor.
    try (MonitorApi on = new MonitorApi(dir, T0)) {
      assertThat(on.get("/api/vigil/monitors/churn").at("/definition/task").asText()).isEqualTo("binary");
      assertThat(on.window("churn", "prediction_count", T0)).isEqualTo(1.0);
    }
  }

  @Test
  void monitoringOff_withAuth_unauthenticatedCallersGet401First() throws Exception {
    try (VigilServer off = VigilServer.create(config().withAuth().withMonitoring(false), new MutableClock(T0)).start()) {
      assertThat(send(off, "GET", "/api/vigil/monitors/churn", null).statusCode()).isEqualTo(401);
      assertThat(send(off, "GET", "/api/vigil/monitors", null).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void monitoringFlag_parsesOnAndOff_defaultOn() {
    assertThat(CommandLine.populateCommand(new ServerCommand()).config().monitoring()).isTrue();
    assertThat(CommandLine.populateCommand(new ServerCommand(), "--monitoring", "off").config().monitoring()).isFalse();
    assertThat(CommandLine.populateCommand(new ServerCommand(), "--monitoring", "ON").config().monitoring()).isTrue();
    assertThatThrownBy(() -> CommandLine.populateCommand(new ServerCommand(), "--monitoring", "maybe").config())
        .hasMessageContaining("--monitoring must be on or off");
  }
}
