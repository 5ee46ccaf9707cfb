import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.model.Metric;
import io.vigil.model.Param;
import io.vigil.model.RunTag;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.store.NewRun;
import io.vigil.server.store.TrackingStore;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal, JMH-free loopback measurement of a store behind real HTTP (see run.sh):
 * log-batch ingest at concurrency 4 through one and through two servers on the same store, and
 * runs/search over 10,000 runs. Servers run in this JVM; clients use java.net.http on 127.0.0.1.
 */
public final class StoreLoopbackBench {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    Path dir = Files.createTempDirectory("vigil-bench");
    ServerConfig cfg = new ServerConfig("127.0.0.1", 0, uri, dir.resolve("artifacts").toString());
    System.out.println("store: " + ServerConfig.redact(uri) + ", cores: " + Runtime.getRuntime().availableProcessors());

    // Two servers on one store only make sense on PostgreSQL (SQLite allows one writer process).
    boolean two = cfg.isPostgres();
    try (VigilServer a = VigilServer.create(cfg).start(); VigilServer b = two ? VigilServer.create(cfg).start() : null) {
      ingest(List.of(a.url()), seconds, "one server");
      if (two) ingest(List.of(a.url(), b.url()), seconds, "two servers");
      String exp = populate(cfg, runs);
      search(List.of(a.url()), exp, runs, "one server");
      if (two) search(List.of(a.url(), b.url()), exp, runs, "two servers");
    }
  }

  static JsonNode post(String base, String path, Object body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException(path + ": HTTP " + r.statusCode() + " " + r.body());
    return JSON.readTree(r.body());
  }

  /** 4 clients, each logging batches of 1000 points (10 keys x 100 steps) to its own run. */
  static void ingest(List<String> servers, int seconds, String label) throws Exception {
    String exp = post(servers.get(0), "experiments/create", Map.of("name", "ingest-" + System.nanoTime()))
        .get("experiment_id").asText();
    int clients = 4;
    AtomicLong points = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long t0 = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      String server = servers.get(c % servers.size());
      fs.add(pool.submit(() -> {
        String run = post(server, "runs/create", Map.of("experiment_id", exp, "start_time", 1)).at("/run/info/run_id").asText();
        long step = 0;
        while (System.nanoTime() < end) {
          List<Map<String, Object>> metrics = new ArrayList<>(1000);
          for (int s = 0; s < 100; s++, step++) {
            for (int k = 0; k < 10; k++) {
              metrics.add(Map.of("key", "metric_" + k, "value", Math.sin(step + k), "timestamp", 1_700_000_000_000L + step, "step", step));
            }
          }
          post(server, "runs/log-batch", Map.of("run_id", run, "metrics", metrics));
          points.addAndGet(metrics.size());
        }
        return null;
      }));
    }
    for (Future<?> f : fs) f.get();
    double secs = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    System.out.printf("ingest, log-batch x1000 points, concurrency 4, %s: %,.0f points/s%n", label, points.get() / secs);
  }

  /** Creates the runs directly through the store (faster than HTTP): 3 metrics, 3 params, 2 tags each. */
  static String populate(ServerConfig cfg, int runs) throws Exception {
    long t0 = System.nanoTime();
    try (TrackingStore store = new JdbcTrackingStore(VigilServer.openDatabase(cfg), cfg.resolvedArtifactRoot(), Clock.systemUTC())) {
      String exp = store.createExperiment("search-" + System.nanoTime(), null, List.of());
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int part = t;
        fs.add(pool.submit(() -> {
          for (int i = part; i < runs; i += 4) {
            String id = store.createRun(new NewRun(exp, "bench", 1_700_000_000_000L + i, "run-" + i, List.of())).info().runId();
            store.logBatch(id,
                List.of(new Metric("accuracy", (i * 7919 % 10_000) / 10_000.0, 1, 0), new Metric("loss", i % 97 / 97.0, 1, 0),
                    new Metric("f1", i % 13 / 13.0, 1, 0)),
                List.of(new Param("model", i % 3 == 0 ? "cnn" : "mlp"), new Param("lr", "0.0" + (i % 9 + 1)),
                    new Param("seed", Integer.toString(i))),
                List.of(new RunTag("team", i % 2 == 0 ? "vision" : "nlp"), new RunTag("stage", "train")));
          }
          return null;
        }));
      }
      for (Future<?> f : fs) f.get();
      pool.shutdown();
      if (cfg.isPostgres()) { // statistics as autovacuum would soon gather them in steady state
        ServerConfig.PostgresTarget pg = cfg.postgres();
        try (var c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password()); var st = c.createStatement()) {
          st.execute("ANALYZE");
        }
      }
      System.out.printf("populated %,d runs in %.1f s%n", runs, (System.nanoTime() - t0) / 1e9);
      return exp;
    }
  }

  static void search(List<String> servers, String exp, int runs, String label) throws Exception {
    List<Map<String, Object>> queries = List.of(
        Map.of("experiment_ids", List.of(exp), "max_results", 100),
        Map.of("experiment_ids", List.of(exp), "max_results", 100, "filter", "metrics.accuracy > 0.9 and params.model = 'cnn'",
            "order_by", List.of("metrics.accuracy DESC")),
        Map.of("experiment_ids", List.of(exp), "max_results", 100, "filter", "tags.team = 'vision' and params.lr LIKE '0.05%'",
            "order_by", List.of("params.seed ASC")));
    String[] names = {"no filter, start_time order", "metric+param filter, metric order", "tag+LIKE filter, param order"};
    for (int q = 0; q < queries.size(); q++) {
      for (int w = 0; w < 20; w++) post(servers.get(w % servers.size()), "runs/search", queries.get(q)); // warm-up
      int n = 40;
      double[] ms = new double[n];
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        post(servers.get(i % servers.size()), "runs/search", queries.get(q));
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      System.out.printf("runs/search over %,d runs, %s, %s: median %.1f ms, p90 %.1f ms%n", runs, names[q], label,
          ms[n / 2], ms[(int) (n * 0.9)]);
    }
  }
}
