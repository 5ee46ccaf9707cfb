package io.vigil.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.model.Experiment;
import io.vigil.model.Metric;
import io.vigil.model.Run;
import io.vigil.model.RunStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client of a Vigil (or MLflow 2.x) tracking server. Thread-safe; create one per process and
 * close it at the end.
 *
 * <pre>{@code
 * try (VigilClient vigil = VigilClient.fromEnvironment();
 *      ActiveRun run = vigil.startRun("churn", "baseline")) {
 *   run.logParam("lr", "0.1");
 *   for (int epoch = 0; epoch < 100; epoch++) run.logMetric("loss", loss(epoch), epoch);
 * }
 * }</pre>
 *
 * <p>Metric, param and tag logging never waits for the network: the data goes into a bounded
 * buffer that a background thread sends in log-batch requests (see {@link ClientConfig}). Reads and
 * run life-cycle calls are synchronous, with the same retries for transient failures.
 */
public final class VigilClient implements AutoCloseable {
  static final String PARENT_RUN_TAG = "mlflow.parentRunId";

  private final ClientConfig config;
  private final Requests requests;
  private final RegistryClient registry;
  private final WebhookClient webhooks;
  private final MonitorClient monitorReads;
  private final Names names = new Names();
  private final Sender sender;
  private final Set<ActiveRun> openRuns = ConcurrentHashMap.newKeySet();
  private final Map<String, String> experimentIds = new ConcurrentHashMap<>();
  private final Map<String, MonitorLogger> monitors = new ConcurrentHashMap<>();
  private final Thread shutdownHook;
  private volatile boolean closed;

  private VigilClient(ClientConfig config) {
    this.config = config;
    Transport transport = config.transport() != null ? config.transport() : Transport.http(config);
    this.requests = new Requests(config, transport);
    this.registry = new RegistryClient(requests);
    this.webhooks = new WebhookClient(requests);
    this.monitorReads = new MonitorClient(requests);
    this.sender = new Sender(config, requests, names);
    sender.start();
    if (config.shutdownHook()) {
      shutdownHook = new Thread(this::onShutdown, "vigil-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      shutdownHook = null;
    }
  }

  /** A client of the server at {@code trackingUri} (e.g. {@code http://127.0.0.1:5000}), with defaults. */
  public static VigilClient create(String trackingUri) {
    return create(ClientConfig.builder(trackingUri).build());
  }

  /** A client with the given configuration. */
  public static VigilClient create(ClientConfig config) {
    return new VigilClient(config);
  }

  /**
   * A client of the server named by {@code VIGIL_TRACKING_URI}, else {@code MLFLOW_TRACKING_URI},
   * else {@code http://127.0.0.1:5000}.
   */
  public static VigilClient fromEnvironment() {
    return create(ClientConfig.fromEnvironment().build());
  }

  /** The configuration in use. */
  public ClientConfig config() {
    return config;
  }

  /** The model registry of the same server: models, versions, aliases, alias history, rollback. */
  public RegistryClient registry() {
    return registry;
  }

  /** Monitor window series read like run metrics (a Vigil server only); writes go through {@link #monitor(String)}. */
  public MonitorClient monitors() {
    return monitorReads;
  }

  /** Webhooks on the server's registry events (a Vigil server only). */
  public WebhookClient webhooks() {
    return webhooks;
  }

  // ---- experiments

  /** Creates an experiment and returns its id; fails if the name is taken. */
  public String createExperiment(String name) {
    ObjectNode body = Requests.JSON.createObjectNode().put("name", name);
    String id = requests.postJson("experiments/create", body, "create experiment '" + name + "'").path("experiment_id").asText();
    experimentIds.put(name, id);
    return id;
  }

  /** The experiment with this id; {@link VigilHttpException} (404) when there is none. */
  public Experiment getExperiment(String experimentId) {
    return Wire.experiment(requests.getJson("experiments/get?experiment_id=" + enc(experimentId),
        "get experiment " + experimentId).path("experiment"));
  }

  /** The experiment with this name, or empty. */
  public Optional<Experiment> getExperimentByName(String name) {
    try {
      return Optional.of(Wire.experiment(requests.getJson("experiments/get-by-name?experiment_name=" + enc(name),
          "get experiment '" + name + "'").path("experiment")));
    } catch (VigilHttpException e) {
      if (e.status() == 404) return Optional.empty();
      throw e;
    }
  }

  /** The experiment with this name, created first when missing (safe against a concurrent creator). */
  public Experiment getOrCreateExperiment(String name) {
    Optional<Experiment> found = getExperimentByName(name);
    if (found.isPresent()) return found.get();
    try {
      return getExperiment(createExperiment(name));
    } catch (VigilHttpException e) {
      if ("RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
        return getExperimentByName(name).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  private String experimentIdFor(String name) {
    String id = experimentIds.get(name);
    if (id == null) {
      id = getOrCreateExperiment(name).experimentId();
      experimentIds.put(name, id);
    }
    return id;
  }

  // ---- runs

  /**
   * Starts a run in the named experiment (created if missing). Close it, best with
   * try-with-resources: it ends FINISHED, or FAILED after {@link ActiveRun#fail(Throwable)}.
   */
  public ActiveRun startRun(String experimentName, String runName) {
    return startRun(RunOptions.inExperiment(experimentName).runName(runName).build());
  }

  /** Starts a run as the options say. */
  public ActiveRun startRun(RunOptions options) {
    checkOpen();
    String experimentId = options.experimentId() != null ? options.experimentId() : experimentIdFor(options.experimentName());
    ObjectNode body = Requests.JSON.createObjectNode();
    body.put("experiment_id", experimentId);
    String user = System.getProperty("user.name", "");
    body.put("user_id", user);
    body.put("start_time", System.currentTimeMillis());
    if (options.runName() != null) body.put("run_name", options.runName());
    ArrayNode tags = body.putArray("tags");
    if (!user.isEmpty()) tags.addObject().put("key", "mlflow.user").put("value", user);
    tags.addObject().put("key", "mlflow.source.type").put("value", "LOCAL");
    if (options.parentRunId() != null) tags.addObject().put("key", PARENT_RUN_TAG).put("value", options.parentRunId());
    options.tags().forEach((k, v) -> {
      Names.validate(k, "Tag");
      tags.addObject().put("key", k).put("value", v);
    });
    Run run = Wire.run(requests.postJson("runs/create", body, "create run in experiment " + experimentId).path("run"));
    ActiveRun active = new ActiveRun(this, run.info().runId(), experimentId, run.info().runName(), sender.registerRun(run.info().runId()));
    openRuns.add(active);
    return active;
  }

  /**
   * Runs {@code body} in a new run: the run ends FINISHED when the body returns, or FAILED when it
   * throws, and the exception is rethrown.
   */
  public <E extends Exception> void withRun(String experimentName, String runName, RunBody<E> body) throws E {
    runBody(startRun(experimentName, runName), body);
  }

  static <E extends Exception> void runBody(ActiveRun run, RunBody<E> body) throws E {
    try {
      body.accept(run);
    } catch (Throwable t) {
      run.fail(t);
      try {
        run.close();
      } catch (RuntimeException closeError) {
        t.addSuppressed(closeError);
      }
      throw t;
    }
    run.close();
  }

  /**
   * Logs metrics to an existing run (for example one created by another process) synchronously, at
   * {@code step} and the current time, in log-batch requests of at most 1000 points. Transient
   * failures are retried like buffered logging; a rejection throws {@link VigilHttpException}.
   */
  public void logMetrics(String runId, Map<String, Double> metrics, long step) {
    long now = System.currentTimeMillis();
    List<Map.Entry<String, Double>> entries = new ArrayList<>(metrics.entrySet());
    for (int from = 0; from < entries.size(); from += 1000) {
      ObjectNode body = Requests.JSON.createObjectNode().put("run_id", runId);
      ArrayNode list = body.putArray("metrics");
      for (Map.Entry<String, Double> e : entries.subList(from, Math.min(entries.size(), from + 1000))) {
        ObjectNode m = list.addObject().put("key", e.getKey()).put("timestamp", now).put("step", step);
        double v = e.getValue();
        if (Double.isFinite(v)) m.put("value", v);
        else m.put("value", Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
      }
      requests.postJson("runs/log-batch", body, "log metrics to run " + runId);
    }
  }

  /**
   * Vigil only: computes the standard metrics of a task on the server ({@code POST /api/vigil/evaluate})
   * and, when {@code runId} is not null, logs them to that run. Labels may be numbers or strings;
   * {@code yScore} is null, a {@code double[]} (binary) or a {@code double[][]} (multiclass).
   *
   * @return metric name → value, in the server's order
   */
  public Map<String, Double> evaluate(String task, List<?> yTrue, List<?> yPred, Object yScore, Object posLabel,
      String runId) {
    ObjectNode body = Requests.JSON.createObjectNode().put("task", task);
    body.set("y_true", Requests.JSON.valueToTree(yTrue));
    if (yPred != null) body.set("y_pred", Requests.JSON.valueToTree(yPred));
    if (yScore != null) body.set("y_score", Requests.JSON.valueToTree(yScore));
    if (posLabel != null) body.set("pos_label", Requests.JSON.valueToTree(posLabel));
    if (runId != null) body.put("run_id", runId);
    JsonNode metrics = requests.vigilJson("POST", "evaluate", body, "evaluate").path("metrics");
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    metrics.fields().forEachRemaining(e -> out.put(e.getKey(), Wire.number(e.getValue())));
    return out;
  }

  /**
   * Vigil only: a metric's history reduced on the server to at most {@code points} buckets per run
   * ({@code GET /api/vigil/series}), as the server's JSON (see docs/DASHBOARD.md for its shape).
   */
  public JsonNode downsampledSeries(List<String> runIds, String key, int points) {
    return requests.vigilJson("GET", "series?run_ids=" + enc(String.join(",", runIds)) + "&key=" + enc(key)
        + "&points=" + points, null, "downsampled series of " + key);
  }

  /** The run with its latest metrics, params and tags. */
  public Run getRun(String runId) {
    return Wire.run(requests.getJson("runs/get?run_id=" + enc(runId), "get run " + runId).path("run"));
  }

  /** One page of runs matching the query. */
  public RunPage searchRuns(RunQuery query) {
    ObjectNode body = Requests.JSON.createObjectNode();
    ArrayNode ids = body.putArray("experiment_ids");
    query.experimentIds().forEach(ids::add);
    if (query.filter() != null) body.put("filter", query.filter());
    if (!query.orderBy().isEmpty()) {
      ArrayNode order = body.putArray("order_by");
      query.orderBy().forEach(order::add);
    }
    body.put("run_view_type", query.viewType().name());
    body.put("max_results", query.maxResults());
    if (query.pageToken() != null) body.put("page_token", query.pageToken());
    JsonNode r = requests.postJson("runs/search", body, "search runs");
    List<Run> runs = new ArrayList<>();
    for (JsonNode n : r.path("runs")) runs.add(Wire.run(n));
    String next = r.hasNonNull("next_page_token") ? r.get("next_page_token").asText() : null;
    return new RunPage(runs, next == null || next.isEmpty() ? null : next);
  }

  /** Every run matching the query, following page tokens. */
  public List<Run> searchAllRuns(RunQuery query) {
    List<Run> all = new ArrayList<>();
    RunQuery q = query;
    while (true) {
      RunPage page = searchRuns(q);
      all.addAll(page.runs());
      if (!page.hasNext()) return all;
      q = q.withPageToken(page.nextPageToken());
    }
  }

  /** Every point of a metric, in the server's order (following page tokens). */
  public List<Metric> getMetricHistory(String runId, String key) {
    return getMetricHistory(runId, key, 25_000);
  }

  /** As {@link #getMetricHistory(String, String)}, fetching {@code pageSize} points per request. */
  public List<Metric> getMetricHistory(String runId, String key, int pageSize) {
    List<Metric> all = new ArrayList<>();
    String token = null;
    do {
      String q = "metrics/get-history?run_id=" + enc(runId) + "&metric_key=" + enc(key) + "&max_results=" + pageSize
          + (token == null ? "" : "&page_token=" + enc(token));
      JsonNode r = requests.getJson(q, "get history of '" + key + "' in run " + runId);
      for (JsonNode m : r.path("metrics")) all.add(Wire.metric(m));
      token = r.hasNonNull("next_page_token") ? r.get("next_page_token").asText() : null;
    } while (token != null && !token.isEmpty());
    return all;
  }

  void endRun(ActiveRun run, RunStatus status) {
    openRuns.remove(run);
    ObjectNode body = Requests.JSON.createObjectNode();
    body.put("run_id", run.runId());
    body.put("status", status.name());
    body.put("end_time", System.currentTimeMillis());
    requests.postJson("runs/update", body, "end run " + run.runId());
  }

  /** Sets a tag synchronously (used for run life-cycle tags). */
  void setTagNow(String runId, String key, String value) {
    ObjectNode body = Requests.JSON.createObjectNode().put("run_id", runId).put("key", key).put("value", value);
    requests.postJson("runs/set-tag", body, "set tag " + key + " on run " + runId);
  }

  // ---- buffered logging

  Names names() {
    return names;
  }

  Sender sender() {
    return sender;
  }

  void checkOpen() {
    if (closed) throw new IllegalStateException("this VigilClient is closed");
  }

  /**
   * The monitoring logger of {@code model} (one per model and client): non-blocking, batched
   * {@code logPrediction}/{@code logOutcome}; flushed and stopped by {@link #close()}.
   */
  public MonitorLogger monitor(String model) {
    if (model == null || model.isBlank()) throw new IllegalArgumentException("model name is empty");
    if (closed) throw new IllegalStateException("this VigilClient is closed");
    return monitors.computeIfAbsent(model, m -> new MonitorLogger(m, requests, config));
  }

  /** Metric points and params/tags dropped under {@link BufferFullPolicy#DROP}. */
  public long droppedPoints() {
    return sender.dropped();
  }

  /** Points, params and tags waiting in the buffers. */
  public long bufferedCount() {
    return sender.buffered();
  }

  /**
   * Waits until everything logged before this call is stored (or failed), up to the close timeout.
   *
   * @throws LoggingFailedException when data logged since the previous flush could not be stored
   */
  public void flush() {
    flush(config.closeTimeout());
  }

  /** As {@link #flush()}, waiting at most {@code timeout}. */
  public void flush(Duration timeout) {
    sender.flush(timeout);
  }

  /**
   * Sends what is buffered (bounded by {@link ClientConfig#closeTimeout()}) and stops the sender.
   * Runs still open are ended KILLED.
   *
   * @throws LoggingFailedException when some data could not be stored
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
    RuntimeException error = null;
    for (MonitorLogger m : monitors.values()) m.close();
    try {
      sender.flush(config.closeTimeout());
    } catch (RuntimeException e) {
      error = e;
    }
    for (ActiveRun run : List.copyOf(openRuns)) {
      try {
        run.endQuietly(RunStatus.KILLED);
      } catch (RuntimeException e) {
        if (error == null) error = e;
        else error.addSuppressed(e);
      }
    }
    try {
      sender.close(config.closeTimeout());
    } catch (RuntimeException e) {
      if (error == null) error = e;
      else error.addSuppressed(e);
    }
    if (error != null) throw error;
  }

  private void onShutdown() {
    if (closed) return;
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    try {
      sender.flush(config.shutdownTimeout());
    } catch (RuntimeException e) {
      System.err.println("vigil: at JVM exit, " + e.getMessage());
    }
    for (ActiveRun run : List.copyOf(openRuns)) {
      if (System.nanoTime() - deadline > 0) break;
      try {
        run.endQuietly(RunStatus.KILLED);
      } catch (RuntimeException e) {
        System.err.println("vigil: at JVM exit, could not end run " + run.runId() + ": " + e.getMessage());
      }
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
