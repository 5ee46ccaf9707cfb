package io.vigil.bench.monitor;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loopback load generator for monitoring ingestion: defines a binary monitor, then posts
 * {@code POST /api/vigil/monitors/{model}/predictions} batches of 1000 events (id, timestamp,
 * model_version, two features, prediction, score) from 4 threads, then the matching outcomes.
 * Bodies are serialised before the clock starts; every phase is bounded in count and time.
 *
 * <p>A long-running server is warm, so the figure reported is the steady state: first, rounds of
 * predictions and outcomes go to a separate warm-up monitor for at least {@code --warmup-seconds}
 * (JIT compilation, pools, caches), and are reported apart; then the measured run. Timestamps are
 * recent (just before the machine's clock), inside the monitor's default label horizon; a request
 * that reports expired events fails the run.
 *
 * <pre>
 * java -cp vigil-bench.jar io.vigil.bench.monitor.MonitorLoadGenerator --url http://127.0.0.1:5000 [--batches N]
 *     [--warmup-seconds S]
 * </pre>
 */
public final class MonitorLoadGenerator {
  public static void main(String[] args) throws Exception {
    String url = null;
    int batchesPerThread = 100;
    int threads = 4;
    int batchSize = 1000;
    int warmupSeconds = 15;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> url = args[++i];
        case "--batches" -> batchesPerThread = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
        case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[++i]);
        case "--quick" -> {
          batchesPerThread = 20;
          warmupSeconds = 3;
        }
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    if (url == null) throw new IllegalArgumentException("--url http://127.0.0.1:PORT is required");
    URI base = URI.create(url);
    if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) throw new IllegalArgumentException("loopback only");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    String model = "bench-" + System.currentTimeMillis();
    String warmModel = model + "-warmup";
    for (String m : List.of(warmModel, model)) {
      send(http, base, "PUT", "/api/vigil/monitors/" + m, "{\"task\":\"binary\",\"window\":\"1h\",\"positive_label\":1,"
          + "\"metrics\":[\"accuracy\",\"f1\"],\"features\":{\"age\":\"numeric\",\"city\":\"categorical\"}}");
    }
    String[] cities = {"Oslo", "Rome", "Lima", "Pune"};
    long events = (long) threads * batchesPerThread * batchSize;
    // Events 10 ms apart ending an hour before now: recent, inside the default 30d label horizon.
    long t0 = System.currentTimeMillis() - 3_600_000L - events * 10;

    // Warm-up: rounds of predictions then their outcomes on the warm-up monitor, not measured.
    int warmBatches = 10;
    long warmEvents = (long) threads * warmBatches * batchSize;
    long warmStart = System.nanoTime();
    int rounds = 0;
    double[] wp = null;
    double[] wo = null;
    while (rounds < 2 || System.nanoTime() - warmStart < warmupSeconds * 1_000_000_000L) {
      String prefix = "w" + rounds + "-";
      wp = run(http, base, warmModel, "predictions", bodies(threads, warmBatches, batchSize, t0, prefix, cities, false));
      wo = run(http, base, warmModel, "outcomes", bodies(threads, warmBatches, batchSize, t0, prefix, cities, true));
      rounds++;
    }
    System.out.printf(Locale.ROOT, "warm-up: %d rounds of %d predictions + %d outcomes in %.1f s; last round %,.0f predictions/s"
        + " (p50 %.1f ms), %,.0f outcomes/s (p50 %.1f ms)%n", rounds, warmEvents, warmEvents,
        (System.nanoTime() - warmStart) / 1e9, warmEvents / wp[0], wp[1], warmEvents / wo[0], wo[1]);

    List<List<byte[]>> preds = bodies(threads, batchesPerThread, batchSize, t0, "p", cities, false);
    List<List<byte[]>> outs = bodies(threads, batchesPerThread, batchSize, t0, "p", cities, true);
    double[] p = run(http, base, model, "predictions", preds);
    double[] o = run(http, base, model, "outcomes", outs);
    System.out.printf(Locale.ROOT, "%n| phase | events | seconds | events/s | p50 ms | p99 ms |%n|---|---:|---:|---:|---:|---:|%n");
    System.out.printf(Locale.ROOT, "| predictions (batch %d, c=%d) | %d | %.2f | %,.0f | %.1f | %.1f |%n", batchSize, threads, events,
        p[0], events / p[0], p[1], p[2]);
    System.out.printf(Locale.ROOT, "| outcomes (batch %d, c=%d) | %d | %.2f | %,.0f | %.1f | %.1f |%n", batchSize, threads, events,
        o[0], events / o[0], o[1], o[2]);
    windowsCaughtUp(http, base, model, events);
  }

  /**
   * Window updates keep up: the stored windows (written by the server's 10 s monitoring tick) must
   * count every prediction and every label of the measured phase; prints how long after the last
   * request they did, and fails the run if they do not within a minute.
   */
  private static void windowsCaughtUp(HttpClient http, URI base, String model, long events) throws Exception {
    long start = System.nanoTime();
    long deadline = start + 60_000_000_000L;
    while (true) {
      long predicted = sumWindows(http, base, model, "prediction_count");
      long labelled = sumWindows(http, base, model, "labelled_count");
      if (predicted == events && labelled == events) {
        System.out.printf(Locale.ROOT, "%nwindows: %,d predictions and %,d labels counted in the stored windows %.1f s after the"
            + " last request (the monitoring tick runs every 10 s)%n", predicted, labelled, (System.nanoTime() - start) / 1e9);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("windows did not catch up within 60 s: " + predicted + " predictions and " + labelled
            + " labels counted of " + events);
      }
      Thread.sleep(250);
    }
  }

  private static long sumWindows(HttpClient http, URI base, String model, String metric) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/vigil/monitors/" + model + "/windows?metric="
        + metric + "&model_version=")).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException("windows: " + r.statusCode() + " " + r.body());
    long sum = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"value\"\\s*:\\s*([0-9.eE+-]+)").matcher(r.body());
    while (m.find()) sum += Math.round(Double.parseDouble(m.group(1)));
    return sum;
  }

  private static List<List<byte[]>> bodies(int threads, int batches, int size, long t0, String prefix, String[] cities,
      boolean outcomes) {
    SplittableRandom rnd = new SplittableRandom(42);
    List<List<byte[]>> out = new ArrayList<>();
    long n = 0;
    for (int t = 0; t < threads; t++) {
      List<byte[]> mine = new ArrayList<>();
      for (int b = 0; b < batches; b++) {
        StringBuilder sb = new StringBuilder(size * 160).append('[');
        for (int i = 0; i < size; i++, n++) {
          if (i > 0) sb.append(',');
          int pred = rnd.nextInt(2);
          if (outcomes) {
            sb.append("{\"id\":\"").append(prefix).append(n).append("\",\"label\":").append(rnd.nextInt(10) < 9 ? pred : 1 - pred).append('}');
          } else {
            sb.append("{\"id\":\"").append(prefix).append(n).append("\",\"timestamp\":").append(t0 + n * 10)
                .append(",\"model_version\":\"3\",\"features\":{\"age\":").append(18 + rnd.nextInt(60))
                .append(",\"city\":\"").append(cities[rnd.nextInt(cities.length)]).append("\"},\"prediction\":")
                .append(pred).append(",\"scores\":").append(String.format(Locale.ROOT, "%.3f", rnd.nextDouble())).append('}');
          }
        }
        mine.add(sb.append(']').toString().getBytes(StandardCharsets.UTF_8));
      }
      out.add(mine);
    }
    return out;
  }

  /** Posts every body; returns {seconds, p50 ms, p99 ms}. */
  private static double[] run(HttpClient http, URI base, String model, String kind, List<List<byte[]>> bodies)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
    AtomicLong failures = new AtomicLong();
    List<Future<long[]>> fs = new ArrayList<>();
    long start = System.nanoTime();
    for (List<byte[]> mine : bodies) {
      fs.add(pool.submit(() -> {
        long[] lat = new long[mine.size()];
        for (int i = 0; i < mine.size(); i++) {
          long s = System.nanoTime();
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/vigil/monitors/" + model + "/" + kind))
              .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(mine.get(i))).build(), HttpResponse.BodyHandlers.ofString());
          lat[i] = System.nanoTime() - s;
          if (r.statusCode() != 200 || !r.body().contains("\"expired\":0")) {
            if (failures.incrementAndGet() == 1) System.err.println(kind + ": HTTP " + r.statusCode() + " " + r.body());
          }
        }
        return lat;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<long[]> f : fs) for (long l : f.get()) all.add(l);
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    if (failures.get() > 0) throw new IllegalStateException(failures.get() + " failed requests");
    long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return new double[] {seconds, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6};
  }

  private static void send(HttpClient http, URI base, String method, String path, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
  }
}
