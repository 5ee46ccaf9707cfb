package io.vigil.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged write survives the server process being killed with SIGKILL mid-ingestion. */
class DurabilityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WRITERS = 4;
  private static final int POINTS_PER_BATCH = 200;

  @TempDir Path dir;

  private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void sigkillDuringConcurrentIngestion_losesNoAcknowledgedPoint() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String runId;
    ConcurrentLinkedQueue<long[]> acknowledged = new ConcurrentLinkedQueue<>(); // {writer, firstStep}
    AtomicBoolean stop = new AtomicBoolean();
    try (ServerProcess server = ServerProcess.start(dir)) {
      String api = server.url() + "/api/2.0/mlflow";
      HttpResponse<String> created = post(http, api + "/runs/create", "{\"experiment_id\":\"0\"}");
      runId = JSON.readTree(created.body()).path("run").path("info").path("run_id").asText();
      CountDownLatch started = new CountDownLatch(WRITERS * 3);
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        final int writer = w;
        Thread t = new Thread(() -> {
          for (long batch = 0; batch < 100_000 && !stop.get(); batch++) {
            long first = batch * POINTS_PER_BATCH;
            StringBuilder b = new StringBuilder("{\"run_id\":\"" + runId + "\",\"metrics\":[");
            for (int i = 0; i < POINTS_PER_BATCH; i++) {
              if (i > 0) b.append(',');
              b.append("{\"key\":\"w").append(writer).append("\",\"value\":").append(first + i)
                  .append(",\"timestamp\":").append(1_700_000_000_000L + first + i).append(",\"step\":").append(first + i).append('}');
            }
            b.append("]}");
            try {
              if (post(http, api + "/runs/log-batch", b.toString()).statusCode() == 200) {
                acknowledged.add(new long[] {writer, first});
                started.countDown();
              }
            } catch (Exception connectionGone) {
              return;
            }
          }
        });
        t.start();
        writers.add(t);
      }
      assertThat(started.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("writers made progress").isTrue();
      Thread.sleep(500);
      server.process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
      server.process.waitFor();
      stop.set(true);
      for (Thread t : writers) t.join(15_000);
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(WRITERS * 3);

    try (ServerProcess again = ServerProcess.start(dir)) {
      for (int w = 0; w < WRITERS; w++) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(again.url()
            + "/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=w" + w)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Set<Long> steps = new HashSet<>();
        for (JsonNode m : JSON.readTree(r.body()).path("metrics")) {
          steps.add(m.path("step").asLong());
          assertThat(m.path("value").asDouble()).isEqualTo((double) m.path("step").asLong());
        }
        for (long[] ack : acknowledged) {
          if (ack[0] != w) continue;
          for (long s = ack[1]; s < ack[1] + POINTS_PER_BATCH; s++) {
            assertThat(steps).as("writer %d step %d was acknowledged", w, s).contains(s);
          }
        }
      }
    }
  }
}
