package io.vigil.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.client.ActiveRun;
import io.vigil.client.ClientConfig;
import io.vigil.client.LogFailure;
import io.vigil.client.RetryPolicy;
import io.vigil.client.VigilClient;
import io.vigil.model.Metric;
import io.vigil.server.ServerConfig;
import io.vigil.server.ServerLimits;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK against a tightly rate-limited server (real time: the SDK really waits for Retry-After):
 * it is throttled, waits, and in the end every point is stored once, in order, with nothing lost.
 */
class SdkRateLimitTest {
  private static final int POINTS = 150;
  @TempDir Path dir;

  @Test
  void everyPointIsStored_althoughTheServerAnswered429() throws Exception {
    ServerLimits limits = ServerLimits.defaults().withRateLimit(ServerLimits.RateLimit.parse("10/s", 5));
    List<LogFailure> failures = Collections.synchronizedList(new ArrayList<>());
    try (VigilServer server = VigilServer.create(new ServerConfig("127.0.0.1", 0,
        "sqlite:///" + dir.resolve("v.db").toAbsolutePath(), dir.resolve("artifacts").toString()).withLimits(limits),
        Clock.systemUTC()).start()) {
      String runId;
      try (VigilClient client = VigilClient.create(ClientConfig.builder(server.url()).shutdownHook(false)
          .flushInterval(Duration.ofMillis(5)).maxBatchMetrics(10)
          .retryPolicy(new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(200), 2.0, Duration.ofSeconds(60)))
          .failureListener(failures::add).build())) {
        try (ActiveRun run = client.startRun("throttled", "sdk")) {
          runId = run.runId();
          for (int step = 0; step < POINTS; step++) {
            run.logMetric("loss", 1000.0 - step, step);
            if (step % 10 == 9) run.flush(); // one request per 10 points: about 15 in all, at 10/s
          }
        }
        List<Metric> stored = client.getMetricHistory(runId, "loss", 1000);
        assertThat(stored).hasSize(POINTS);
        for (int step = 0; step < POINTS; step++) {
          assertThat(stored.get(step).step()).isEqualTo(step);
          assertThat(stored.get(step).value()).isEqualTo(1000.0 - step);
        }
      }
      assertThat(failures).isEmpty();
      assertThat(count429(server)).as("the server throttled the SDK").isPositive();
    }
  }

  /** Requests answered 429, from the Prometheus counters (asked for politely: /metrics is limited too). */
  static double count429(VigilServer server) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 429 && attempt < 5) {
        Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
        continue;
      }
      assertThat(r.statusCode()).isEqualTo(200);
      double total = 0;
      Matcher m = Pattern.compile("(?m)^vigil_http_requests_total\\{[^}]*status=\"429\"[^}]*} ([0-9.eE+]+)$").matcher(r.body());
      while (m.find()) total += Double.parseDouble(m.group(1));
      return total;
    }
  }
}
