package io.vigil.server.multi;

import static io.vigil.server.multi.Http.get;
import static io.vigil.server.multi.Http.ok;
import static io.vigil.server.multi.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.store.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Vigil servers on one PostgreSQL database, written through at the same time: uniqueness is
 * held by the database, no update is lost, and both answer every read identically (no in-process
 * cache can go stale).
 */
class PostgresTwoServersIT {
  private static PostgresTestDatabase pg;
  private static String uri;
  private static VigilServer a;
  private static VigilServer b;
  private static ExecutorService pool;

  @BeforeAll
  static void startTwoServers() throws Exception {
    pg = PostgresTestDatabase.require();
    uri = pg.createDatabase("vigil_two");
    Path dir = Files.createTempDirectory("vigil-two");
    pool = Executors.newFixedThreadPool(8);
    // Started together: both migrate the empty database at once (Flyway serialises them with a lock).
    Callable<VigilServer> start = () -> VigilServer.create(
        new ServerConfig("127.0.0.1", 0, uri, dir.resolve("artifacts").toString())).start();
    Future<VigilServer> fa = pool.submit(start);
    Future<VigilServer> fb = pool.submit(start);
    a = fa.get(60, TimeUnit.SECONDS);
    b = fb.get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (pool != null) pool.shutdownNow();
    if (a != null) a.close();
    if (b != null) b.close();
    if (pg != null && uri != null) pg.dropDatabase(uri);
  }

  private static String server(int i) {
    return (i % 2 == 0 ? a : b).url();
  }

  private static <T> List<T> all(List<Callable<T>> tasks) throws Exception {
    List<T> out = new ArrayList<>();
    for (Future<T> f : pool.invokeAll(tasks, 120, TimeUnit.SECONDS)) out.add(f.get());
    return out;
  }

  @Test
  void experimentCreationRacingOnOneName_exactlyOneSucceeds() throws Exception {
    List<Callable<Http.Response>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int n = i;
      tasks.add(() -> post(server(n), "experiments/create", Map.of("name", "race")));
    }
    List<Http.Response> results = all(tasks);
    assertThat(results.stream().filter(r -> r.status() == 200)).hasSize(1);
    assertThat(results.stream().filter(r -> r.status() != 200))
        .hasSize(7)
        .allSatisfy(r -> {
          assertThat(r.status()).isEqualTo(400);
          assertThat(r.errorCode()).isEqualTo("RESOURCE_ALREADY_EXISTS");
        });
    String id = results.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().body().get("experiment_id").asText();
    for (VigilServer s : List.of(a, b)) {
      JsonNode e = ok(get(s.url(), "experiments/get-by-name", Map.of("experiment_name", "race"))).body();
      assertThat(e.at("/experiment/experiment_id").asText()).isEqualTo(id);
    }
  }

  @Test
  void concurrentWritesThroughBothServers_loseNothingAndReadIdentically() throws Exception {
    String exp = ok(post(a.url(), "experiments/create", Map.of("name", "shared"))).body().get("experiment_id").asText();
    String run = ok(post(b.url(), "runs/create", Map.of("experiment_id", exp, "start_time", 1000, "run_name", "r")))
        .body().at("/run/info/run_id").asText();

    int writers = 4;
    int batches = 40;
    int perBatch = 25;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int t = w;
      tasks.add(() -> {
        for (int bt = 0; bt < batches; bt++) {
          List<Map<String, Object>> metrics = new ArrayList<>();
          for (int i = 0; i < perBatch; i++) {
            long step = (long) (bt * perBatch + i) * writers + t; // writers interleave on one series
            metrics.add(Map.of("key", "loss", "value", step * 0.5, "timestamp", 5000 + step, "step", step));
            metrics.add(Map.of("key", "own_" + t, "value", i, "timestamp", 5000 + bt, "step", bt * perBatch + i));
          }
          List<Map<String, String>> params = List.of(
              Map.of("key", "p_" + t + "_" + bt, "value", "v" + bt),
              Map.of("key", "shared", "value", "same")); // the same value from everyone: accepted
          List<Map<String, String>> tags = List.of(Map.of("key", "writer", "value", "w" + t));
          // Metrics alone, so nothing else in the batch (param or tag rows) serialises the writers.
          ok(post(server(t + bt), "runs/log-batch", Map.of("run_id", run, "metrics", metrics)));
          ok(post(server(t + bt + 1), "runs/log-batch", Map.of("run_id", run, "params", params, "tags", tags)));
        }
        return null;
      });
    }
    // Run updates of different fields from both servers at the same time as the batches.
    tasks.add(() -> {
      ok(post(a.url(), "runs/update", Map.of("run_id", run, "status", "FINISHED", "end_time", 9999)));
      return null;
    });
    tasks.add(() -> {
      ok(post(b.url(), "runs/update", Map.of("run_id", run, "run_name", "renamed")));
      return null;
    });
    all(tasks);

    Http.Response conflict = post(b.url(), "runs/log-parameter", Map.of("run_id", run, "key", "shared", "value", "other"));
    assertThat(conflict.status()).isEqualTo(400);
    assertThat(conflict.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");

    int total = writers * batches * perBatch;
    List<JsonNode> histories = new ArrayList<>();
    List<JsonNode> runs = new ArrayList<>();
    for (VigilServer s : List.of(a, b)) {
      JsonNode h = ok(get(s.url(), "metrics/get-history",
          Map.of("run_id", run, "metric_key", "loss", "max_results", "25000"))).body();
      histories.add(h);
      runs.add(ok(get(s.url(), "runs/get", Map.of("run_id", run))).body());
    }
    assertThat(histories.get(0)).isEqualTo(histories.get(1));
    assertThat(runs.get(0)).isEqualTo(runs.get(1));

    JsonNode points = histories.get(0).get("metrics");
    assertThat(points.size()).as("points in the shared series").isEqualTo(total); // nothing lost, nothing duplicated
    for (int i = 0; i < total; i++) assertThat(points.get(i).get("step").asLong()).isEqualTo(i);

    JsonNode info = runs.get(0).at("/run/info");
    assertThat(info.get("status").asText()).isEqualTo("FINISHED");
    assertThat(info.get("end_time").asLong()).isEqualTo(9999);
    assertThat(info.get("run_name").asText()).isEqualTo("renamed");
    JsonNode data = runs.get(0).at("/run/data");
    assertThat(data.get("params")).hasSize(writers * batches + 1);
    JsonNode latest = null;
    for (JsonNode m : data.get("metrics")) if (m.get("key").asText().equals("loss")) latest = m;
    assertThat(latest).isNotNull();
    assertThat(latest.get("step").asLong()).isEqualTo(total - 1);
    for (int t = 0; t < writers; t++) {
      JsonNode own = ok(get(server(t + 1), "metrics/get-history",
          Map.of("run_id", run, "metric_key", "own_" + t, "max_results", "25000"))).body().get("metrics");
      assertThat(own.size()).isEqualTo(batches * perBatch);
    }
  }
}
