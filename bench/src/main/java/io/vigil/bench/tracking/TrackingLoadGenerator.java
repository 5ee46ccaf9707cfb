package io.vigil.bench.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback load generator for the Vigil tracking server (MLflow 2.x REST API).
 *
 * <p>Runs four scenarios against a server that is already listening on a loopback address: log-batch
 * ingest, single log-metric, get-history of large histories and runs/search over many runs. Request
 * bodies are serialised before the clock starts, every request is timed with {@link System#nanoTime()},
 * and every loop is bounded both in count and in time, so the generator always stops by itself.
 *
 * <pre>
 * java -cp vigil-bench.jar io.vigil.bench.tracking.TrackingLoadGenerator --url http://127.0.0.1:5000 [--quick]
 * </pre>
 *
 * See {@code bench/tracking.sh}, which builds, starts a server in its own process and runs this.
 */
public final class TrackingLoadGenerator {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String API = "/api/2.0/mlflow";
  private static final long BASE_TIMESTAMP = 1_700_000_000_000L;

  /** How much work each scenario does; every phase is also capped by {@link #phaseSeconds}. */
  public record Sizes(
      int batchWarmupRequests, int batchRequestsPerThread,
      int metricWarmupRequests, int metricRequestsPerThread,
      int historySmallPoints, int historyLargePoints, int historyWarmupFetches, int historyFetches,
      int searchRuns, int searchWarmupQueries, int searchQueries,
      int phaseSeconds, boolean smoke) {

    /** Sized so the whole run takes a few minutes on a 2-core machine. */
    public static Sizes full() {
      return new Sizes(30, 300, 500, 5_000, 10_000, 100_000, 3, 20, 10_000, 10, 50, 60, false);
    }

    /** A smaller run for smoke testing. */
    public static Sizes quick() {
      return new Sizes(5, 30, 100, 500, 10_000, 100_000, 2, 5, 1_000, 3, 20, 30, true);
    }

    /** Tiny sizes for unit tests. */
    public static Sizes tiny() {
      return new Sizes(2, 5, 10, 50, 2_000, 5_000, 1, 3, 50, 1, 5, 20, true);
    }
  }

  /** One measured scenario. Throughput is per second in {@code unit}; latencies in milliseconds. */
  public record Result(String id, String scenario, long operations, double seconds, double throughput, String unit,
      double p50Ms, double p99Ms, String reference, String target, Boolean targetMet) {

    String vigilCell() {
      String tp = humanRate(throughput) + " " + unit + "/s";
      String lat = "p50 " + ms(p50Ms) + ", p99 " + ms(p99Ms);
      if (id.startsWith("history") || id.startsWith("search")) return lat + " (" + tp + ")";
      return tp + " (" + lat + ")";
    }

    String targetCell() {
      if (target.isEmpty()) return "—";
      if (targetMet == null) return target;
      return target + (targetMet ? " ✅ met" : " ❌ missed");
    }
  }

  private final URI base;
  private final Sizes sizes;
  private final HttpClient http;
  private final java.io.PrintStream log;
  private final long overallDeadline;
  /** When known (Linux), each phase also logs the CPU seconds the server process used. */
  private long serverPid = -1;

  public TrackingLoadGenerator(URI base, Sizes sizes, java.io.PrintStream log) {
    requireLoopback(base);
    this.base = base;
    this.sizes = sizes;
    this.log = log;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    // Hard stop for the whole run: every phase cap plus set-up allowance.
    this.overallDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(sizes.phaseSeconds() * 16L + 300);
  }

  // ------------------------------------------------------------------ entry point

  public static void main(String[] args) throws Exception {
    String url = null;
    Sizes sizes = Sizes.full();
    Path markdownOut = null;
    int waitSeconds = 60;
    long serverPid = -1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> url = args[++i];
        case "--quick" -> sizes = Sizes.quick();
        case "--markdown-out" -> markdownOut = Path.of(args[++i]);
        case "--wait-seconds" -> waitSeconds = Integer.parseInt(args[++i]);
        case "--server-pid" -> serverPid = Long.parseLong(args[++i]);
        case "--free-port" -> {
          System.out.println(freeLoopbackPort());
          return;
        }
        case "-h", "--help" -> {
          System.out.println("usage: TrackingLoadGenerator --url http://127.0.0.1:PORT [--quick] [--markdown-out FILE]"
              + " [--wait-seconds N]\n       TrackingLoadGenerator --free-port");
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    if (url == null) throw new IllegalArgumentException("--url http://127.0.0.1:PORT is required");
    TrackingLoadGenerator gen = new TrackingLoadGenerator(URI.create(url), sizes, System.err);
    gen.serverPid = serverPid;
    gen.awaitHealthy(Duration.ofSeconds(waitSeconds));
    List<Result> results = gen.runAll();
    String table = markdown(results, sizes) + "\n" + gen.floor();
    System.out.println();
    System.out.println(systemInfo());
    System.out.println();
    System.out.println(table);
    if (markdownOut != null) {
      Files.writeString(markdownOut, systemInfo() + "\n\n" + table + "\n", StandardCharsets.UTF_8);
    }
  }

  /** A port that was free on the loopback interface a moment ago. */
  static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void requireLoopback(URI base) {
    try {
      String host = base.getHost();
      if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
        throw new IllegalArgumentException("refusing to load a non-loopback address: " + base);
      }
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("unknown host in " + base, e);
    }
  }

  /** Polls GET /health until it answers 200, for at most {@code wait}. */
  public void awaitHealthy(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/health"))
            .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) return;
        last = new IllegalStateException("GET /health answered " + r.statusCode());
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("server at " + base + " not healthy after " + wait, last);
  }

  /** The HTTP floor: GET /version at c=1 and c=4 (no store work), to tell transport cost from server work. */
  private String floor = "";

  /** Runs every scenario in order and returns one row per measurement. */
  public List<Result> runAll() throws Exception {
    List<Result> out = new ArrayList<>();
    URI version = base.resolve("/version");
    int n = sizes.metricRequestsPerThread();
    runPhase("GET /version warm-up", 4, sizes.metricWarmupRequests(), (t, i) -> get(version));
    Measurement f1 = runPhase("GET /version c=1", 1, n, (t, i) -> get(version));
    Measurement f4 = runPhase("GET /version c=4", 4, n, (t, i) -> get(version));
    floor = String.format(Locale.ROOT, "HTTP floor (GET /version, no store work, same client): c=1 %s req/s p50 %s;"
        + " c=4 %s req/s p50 %s.", humanRate(f1.operations / f1.seconds), ms(f1.p50()),
        humanRate(f4.operations / f4.seconds), ms(f4.p50()));
    String experimentId = createExperiment("bench-" + System.currentTimeMillis());
    out.add(logBatch(experimentId, 1));
    out.add(logBatch(experimentId, 4));
    out.add(logMetric(experimentId, 1));
    out.add(logMetric(experimentId, 4));
    out.addAll(getHistory(experimentId));
    out.add(searchRuns());
    return out;
  }

  /** A line on the HTTP floor measured by {@link #runAll()}. */
  public String floor() {
    return floor;
  }

  // ------------------------------------------------------------------ scenario 1: log-batch

  Result logBatch(String experimentId, int threads) throws Exception {
    int pointsPerRequest = 1000; // 10 keys × 100 steps
    int warm = sizes.batchWarmupRequests();
    int measured = sizes.batchRequestsPerThread();
    log.printf(Locale.ROOT, "log-batch c=%d: preparing %d runs × %d requests of %d points%n",
        threads, threads, warm + measured, pointsPerRequest);
    byte[][][] bodies = new byte[threads][][];
    for (int t = 0; t < threads; t++) {
      String runId = createRun(experimentId, "batch-c" + threads + "-" + t);
      SplittableRandom rnd = new SplittableRandom(t);
      bodies[t] = new byte[warm + measured][];
      for (int i = 0; i < warm + measured; i++) bodies[t][i] = batchBody(runId, 10, 100, i * 100L, rnd);
    }
    String path = API + "/runs/log-batch";
    runPhase("log-batch c=" + threads + " warm-up", threads, warm, (t, i) -> post(path, bodies[t][i]));
    Measurement m = runPhase("log-batch c=" + threads, threads, measured, (t, i) -> post(path, bodies[t][warm + i]));
    double pointsPerSecond = m.operations * (double) pointsPerRequest / m.seconds;
    boolean c4 = threads == 4;
    return new Result("batch-c" + threads, "log-batch, 1000 points/request (10 keys × 100 steps), c=" + threads,
        m.operations * pointsPerRequest, m.seconds, pointsPerSecond, "points", m.p50(), m.p99(),
        c4 ? "16.2k points/s" : "10.8k points/s",
        c4 ? "≥ 500k points/s" : "",
        c4 ? pointsPerSecond >= 500_000 : null);
  }

  /** A log-batch body: {@code keys} keys × {@code steps} steps starting at {@code firstStep}. */
  static byte[] batchBody(String runId, int keys, int steps, long firstStep, SplittableRandom rnd) {
    StringBuilder sb = new StringBuilder(64 + keys * steps * 72);
    sb.append("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
    boolean first = true;
    for (int k = 0; k < keys; k++) {
      for (int s = 0; s < steps; s++) {
        long step = firstStep + s;
        if (!first) sb.append(',');
        first = false;
        sb.append("{\"key\":\"loss").append(k).append("\",\"value\":").append(rnd.nextDouble())
            .append(",\"timestamp\":").append(BASE_TIMESTAMP + step).append(",\"step\":").append(step).append('}');
      }
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ scenario 2: log-metric

  Result logMetric(String experimentId, int threads) throws Exception {
    int warm = sizes.metricWarmupRequests();
    int measured = sizes.metricRequestsPerThread();
    log.printf(Locale.ROOT, "log-metric c=%d: preparing %d runs × %d requests%n", threads, threads, warm + measured);
    byte[][][] bodies = new byte[threads][][];
    for (int t = 0; t < threads; t++) {
      String runId = createRun(experimentId, "metric-c" + threads + "-" + t);
      SplittableRandom rnd = new SplittableRandom(100 + t);
      bodies[t] = new byte[warm + measured][];
      for (int i = 0; i < warm + measured; i++) {
        bodies[t][i] = ("{\"run_id\":\"" + runId + "\",\"key\":\"acc\",\"value\":" + rnd.nextDouble()
            + ",\"timestamp\":" + (BASE_TIMESTAMP + i) + ",\"step\":" + i + "}").getBytes(StandardCharsets.UTF_8);
      }
    }
    String path = API + "/runs/log-metric";
    runPhase("log-metric c=" + threads + " warm-up", threads, warm, (t, i) -> post(path, bodies[t][i]));
    Measurement m = runPhase("log-metric c=" + threads, threads, measured, (t, i) -> post(path, bodies[t][warm + i]));
    double rps = m.operations / m.seconds;
    boolean c4 = threads == 4;
    return new Result("metric-c" + threads, "log-metric, 1 point/request, c=" + threads,
        m.operations, m.seconds, rps, "req", m.p50(), m.p99(),
        c4 ? "204 req/s (p50 6.6 ms)" : "137 req/s",
        c4 ? "≥ 5,000 req/s, p50 < 1 ms" : "",
        c4 ? rps >= 5_000 && m.p50() < 1.0 : null);
  }

  // ------------------------------------------------------------------ scenario 3: get-history

  List<Result> getHistory(String experimentId) throws Exception {
    String runId = createRun(experimentId, "history");
    List<Result> out = new ArrayList<>();
    int[] sizesToFetch = {sizes.historySmallPoints(), sizes.historyLargePoints()};
    for (int points : sizesToFetch) {
      String key = "h" + points;
      log.printf(Locale.ROOT, "get-history: loading %d points into %s%n", points, key);
      SplittableRandom rnd = new SplittableRandom(points);
      for (long first = 0; first < points; first += 1000) {
        int steps = (int) Math.min(1000, points - first);
        byte[] body = batchBody1(runId, key, steps, first, rnd);
        post(API + "/runs/log-batch", body);
        checkDeadline();
      }
      URI uri = base.resolve(API + "/metrics/get-history?run_id=" + runId + "&metric_key=" + key);
      // Verify once (outside the clock) that the whole history comes back in one response.
      JsonNode check = MAPPER.readTree(get(uri));
      int got = check.path("metrics").size();
      if (got != points || check.has("next_page_token")) {
        throw new IllegalStateException("get-history of " + key + " returned " + got + " of " + points
            + " points" + (check.has("next_page_token") ? " and a next_page_token" : ""));
      }
      runPhase("get-history " + points + " warm-up", 1, sizes.historyWarmupFetches(), (t, i) -> get(uri));
      Measurement m = runPhase("get-history " + points, 1, sizes.historyFetches(), (t, i) -> get(uri));
      boolean large = points == sizes.historyLargePoints();
      boolean reference = points == 10_000 || points == 100_000;
      out.add(new Result(large ? "history-large" : "history-small",
          "get-history, " + humanCount(points) + "-point metric, whole history per request",
          m.operations, m.seconds, m.operations * (double) points / m.seconds, "points", m.p50(), m.p99(),
          !reference ? "—" : points == 10_000 ? "430 ms" : "3.8 s",
          large && points == 100_000 ? "< 150 ms" : "",
          large && points == 100_000 ? m.p50() < 150 : null));
    }
    return out;
  }

  /** A log-batch body for one key. */
  private static byte[] batchBody1(String runId, String key, int steps, long firstStep, SplittableRandom rnd) {
    StringBuilder sb = new StringBuilder(64 + steps * 72);
    sb.append("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
    for (int s = 0; s < steps; s++) {
      long step = firstStep + s;
      if (s > 0) sb.append(',');
      sb.append("{\"key\":\"").append(key).append("\",\"value\":").append(rnd.nextDouble())
          .append(",\"timestamp\":").append(BASE_TIMESTAMP + step).append(",\"step\":").append(step).append('}');
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ scenario 4: runs/search

  Result searchRuns() throws Exception {
    int runs = sizes.searchRuns();
    String experimentId = createExperiment("search-" + runs + "-" + System.currentTimeMillis());
    log.printf(Locale.ROOT, "runs/search: creating %d runs with 10 params and 10 metrics each (c=4)%n", runs);
    byte[] createBody = ("{\"experiment_id\":\"" + experimentId + "\",\"start_time\":" + BASE_TIMESTAMP + "}")
        .getBytes(StandardCharsets.UTF_8);
    AtomicInteger created = new AtomicInteger();
    Measurement setup = runPhase("runs/search set-up", 4, (runs + 3) / 4, 4 * sizes.phaseSeconds(), (t, i) -> {
      int n = i * 4 + t;
      if (n >= runs) return;
      String runId = MAPPER.readTree(post(API + "/runs/create", createBody)).path("run").path("info").path("run_id").asText();
      SplittableRandom rnd = new SplittableRandom(n);
      StringBuilder sb = new StringBuilder(1200).append("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
      for (int k = 0; k < 10; k++) {
        if (k > 0) sb.append(',');
        sb.append("{\"key\":\"m").append(k).append("\",\"value\":").append(rnd.nextDouble())
            .append(",\"timestamp\":").append(BASE_TIMESTAMP).append(",\"step\":0}");
      }
      sb.append("],\"params\":[");
      for (int k = 0; k < 10; k++) {
        if (k > 0) sb.append(',');
        sb.append("{\"key\":\"p").append(k).append("\",\"value\":\"v").append(rnd.nextInt(100)).append("\"}");
      }
      sb.append("]}");
      post(API + "/runs/log-batch", sb.toString().getBytes(StandardCharsets.UTF_8));
      created.incrementAndGet();
    });
    if (created.get() < runs) {
      throw new IllegalStateException("runs/search set-up created only " + created.get() + " of " + runs + " runs in time");
    }
    log.printf(Locale.ROOT, "runs/search: set-up took %.1f s (%.0f runs/s)%n", setup.seconds, runs / setup.seconds);
    byte[] query = ("{\"experiment_ids\":[\"" + experimentId + "\"],\"filter\":\"metrics.m0 > 0.5\","
        + "\"order_by\":[\"metrics.m1 DESC\"],\"max_results\":100}").getBytes(StandardCharsets.UTF_8);
    JsonNode check = MAPPER.readTree(post(API + "/runs/search", query));
    int got = check.path("runs").size();
    int expected = Math.min(100, runs / 4); // about half the runs match; at least a quarter by any sane RNG
    if (got < expected) throw new IllegalStateException("runs/search returned " + got + " runs, expected ≥ " + expected);
    double prev = Double.POSITIVE_INFINITY;
    for (JsonNode run : check.path("runs")) {
      double m1 = Double.NaN;
      for (JsonNode metric : run.path("data").path("metrics")) {
        if (metric.path("key").asText().equals("m1")) m1 = metric.path("value").asDouble();
        if (metric.path("key").asText().equals("m0") && !(metric.path("value").asDouble() > 0.5)) {
          throw new IllegalStateException("runs/search returned a run with m0 <= 0.5");
        }
      }
      if (!(m1 <= prev)) throw new IllegalStateException("runs/search not ordered by metrics.m1 DESC");
      prev = m1;
    }
    String path = API + "/runs/search";
    runPhase("runs/search warm-up", 1, sizes.searchWarmupQueries(), (t, i) -> post(path, query));
    Measurement m = runPhase("runs/search", 1, sizes.searchQueries(), (t, i) -> post(path, query));
    boolean full = runs >= 10_000;
    return new Result("search", "runs/search over " + humanCount(runs) + " runs (10 params + 10 metrics each),"
        + " filter metrics.m0 > 0.5, order by metrics.m1 DESC, max_results 100",
        m.operations, m.seconds, m.operations / m.seconds, "req", m.p50(), m.p99(),
        "160 ms (over only 1,000 runs)", "< 50 ms over 10,000 runs", full ? m.p50() < 50 : null);
  }

  // ------------------------------------------------------------------ measurement

  @FunctionalInterface
  interface Op {
    void run(int thread, int index) throws Exception;
  }

  /** Latencies (ns) of the completed operations of a phase, and its wall-clock duration. */
  static final class Measurement {
    final long[] latencies;
    final int operations;
    final double seconds;

    Measurement(long[] latencies, double seconds) {
      this.latencies = latencies;
      this.operations = latencies.length;
      this.seconds = seconds;
      Arrays.sort(latencies);
    }

    double percentileMs(double p) {
      if (latencies.length == 0) return Double.NaN;
      int rank = (int) Math.ceil(p / 100.0 * latencies.length); // nearest rank
      return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
    }

    double p50() {
      return percentileMs(50);
    }

    double p99() {
      return percentileMs(99);
    }
  }

  /**
   * Runs {@code perThread} operations on each of {@code threads} threads, stopping early when the phase's
   * time cap passes. Each thread records its own latencies; wall time runs from the common start to the
   * last thread's end.
   */
  Measurement runPhase(String name, int threads, int perThread, Op op) throws Exception {
    return runPhase(name, threads, perThread, sizes.phaseSeconds(), op);
  }

  Measurement runPhase(String name, int threads, int perThread, int capSeconds, Op op) throws Exception {
    checkDeadline();
    if (perThread <= 0) return new Measurement(new long[0], 0);
    long phaseDeadline = Math.min(overallDeadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(capSeconds));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread th = new Thread(r, "load-" + name);
      th.setDaemon(true);
      return th;
    });
    try {
      java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(threads);
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<Future<long[]>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          long[] lat = new long[perThread];
          int done = 0;
          ready.countDown();
          go.await();
          for (int i = 0; i < perThread && System.nanoTime() < phaseDeadline; i++) {
            long t0 = System.nanoTime();
            op.run(thread, i);
            lat[done++] = System.nanoTime() - t0;
          }
          return Arrays.copyOf(lat, done);
        }));
      }
      ready.await();
      long clientCpu0 = clientCpuNanos();
      long serverCpu0 = serverCpuNanos();
      long start = System.nanoTime();
      go.countDown();
      List<long[]> parts = new ArrayList<>();
      long waitNanos = phaseDeadline - System.nanoTime() + TimeUnit.SECONDS.toNanos(90); // last request's timeout
      for (Future<long[]> f : futures) {
        parts.add(f.get(Math.max(1, waitNanos), TimeUnit.NANOSECONDS));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double clientCpu = (clientCpuNanos() - clientCpu0) / 1e9;
      long serverCpu1 = serverCpuNanos();
      String serverCpu = serverCpu0 < 0 || serverCpu1 < 0 ? "n/a"
          : String.format(Locale.ROOT, "%.2f", (serverCpu1 - serverCpu0) / 1e9 / seconds);
      long[] all = new long[parts.stream().mapToInt(p -> p.length).sum()];
      int pos = 0;
      for (long[] p : parts) {
        System.arraycopy(p, 0, all, pos, p.length);
        pos += p.length;
      }
      Measurement m = new Measurement(all, seconds);
      if (m.operations < threads * perThread) {
        log.printf(Locale.ROOT, "  %s: time cap of %d s reached after %d of %d operations%n",
            name, capSeconds, m.operations, threads * perThread);
      }
      log.printf(Locale.ROOT, "  %-28s %7d ops in %6.2f s  %10.1f ops/s  p50 %s  p99 %s  cores busy: client %.2f server %s%n",
          name, m.operations, seconds, m.operations / Math.max(seconds, 1e-9), ms(m.p50()), ms(m.p99()),
          clientCpu / seconds, serverCpu);
      return m;
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static long clientCpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
    return -1;
  }

  /** utime + stime of the server process from /proc, or -1. */
  private long serverCpuNanos() {
    if (serverPid <= 0) return -1;
    try {
      String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
      return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private void checkDeadline() {
    if (System.nanoTime() > overallDeadline) throw new IllegalStateException("overall time limit reached; stopping");
  }

  // ------------------------------------------------------------------ HTTP

  private String createExperiment(String name) throws Exception {
    String body = MAPPER.writeValueAsString(java.util.Map.of("name", name));
    return MAPPER.readTree(post(API + "/experiments/create", body.getBytes(StandardCharsets.UTF_8)))
        .path("experiment_id").asText();
  }

  private String createRun(String experimentId, String name) throws Exception {
    String body = MAPPER.writeValueAsString(java.util.Map.of(
        "experiment_id", experimentId, "run_name", name, "start_time", BASE_TIMESTAMP));
    String id = MAPPER.readTree(post(API + "/runs/create", body.getBytes(StandardCharsets.UTF_8)))
        .path("run").path("info").path("run_id").asText();
    if (id.isEmpty()) throw new IllegalStateException("runs/create returned no run_id");
    return id;
  }

  byte[] post(String path, byte[] body) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return send(req);
  }

  byte[] get(URI uri) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build());
  }

  private byte[] send(HttpRequest req) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      String text = new String(r.body(), StandardCharsets.UTF_8);
      throw new IOException(req.method() + " " + req.uri().getPath() + " answered " + r.statusCode() + ": "
          + text.substring(0, Math.min(500, text.length())));
    }
    return r.body();
  }

  // ------------------------------------------------------------------ output

  /** One line on the machine: cores, CPU model, JVM. */
  public static String systemInfo() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // not Linux: leave it unknown
    }
    return String.format(Locale.ROOT, "nproc=%d, CPU %s, Java %s (%s %s), %s %s; client and server on 127.0.0.1",
        Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.version"),
        System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
        System.getProperty("os.name"), System.getProperty("os.arch"));
  }

  public static String markdown(List<Result> results, Sizes sizes) {
    StringBuilder sb = new StringBuilder();
    sb.append("| scenario | Vigil | MLflow 2.12.2 reference | target |\n");
    sb.append("|---|---|---|---|\n");
    for (Result r : results) {
      sb.append("| ").append(r.scenario()).append(" | ").append(r.vigilCell()).append(" | ")
          .append(r.reference()).append(" | ").append(r.targetCell()).append(" |\n");
    }
    sb.append("\nMLflow reference: MLflow 2.12.2, gunicorn 4 workers, SQLite, same kind of 2-core machine.");
    if (sizes.smoke()) sb.append(" QUICK run: smaller sizes, not comparable with the targets.");
    return sb.toString();
  }

  static String ms(double ms) {
    if (Double.isNaN(ms)) return "n/a";
    if (ms >= 1000) return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    if (ms >= 100) return String.format(Locale.ROOT, "%.0f ms", ms);
    if (ms >= 10) return String.format(Locale.ROOT, "%.1f ms", ms);
    return String.format(Locale.ROOT, "%.2f ms", ms);
  }

  static String humanRate(double v) {
    if (v >= 1e6) return String.format(Locale.ROOT, "%.2fM", v / 1e6);
    if (v >= 1e4) return String.format(Locale.ROOT, "%.0fk", v / 1e3);
    if (v >= 1e3) return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    return String.format(Locale.ROOT, "%.0f", v);
  }

  static String humanCount(int n) {
    if (n >= 1000 && n % 1000 == 0) return (n / 1000) + "k";
    return Integer.toString(n);
  }
}
