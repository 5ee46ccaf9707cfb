package io.vigil.server.http.vigil;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vigil.model.VigilException;
import io.vigil.server.artifacts.LocalArtifactRepository;
import io.vigil.server.auth.Authorizer;
import io.vigil.server.auth.Permission;
import io.vigil.server.cli.CsvTable;
import io.vigil.server.http.mlflow.MlflowArtifactRoutes;
import io.vigil.server.tracking.TrackingService;
import io.vigil.server.http.HttpRequests;
import io.vigil.server.http.Json;
import io.vigil.server.monitor.AlertRule;
import io.vigil.server.monitor.EventBody;
import io.vigil.server.monitor.MonitorDefinition;
import io.vigil.server.monitor.MonitorService;
import io.vigil.server.store.MonitorStore.AlertEvent;
import io.vigil.server.store.MonitorStore.AlertState;
import io.vigil.server.store.MonitorStore.WindowValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/vigil/monitors}: monitor definitions, prediction and outcome ingestion (a JSON array,
 * or NDJSON with {@code Content-Type: application/x-ndjson}), reference upload (JSON rows or CSV),
 * window series, alert states, history and silencing. On a server that does not own monitoring
 * (see {@link MonitorService#requireActive()}) every route answers 503 TEMPORARILY_UNAVAILABLE,
 * checked after authorization so that a caller without access learns nothing more.
 */
public final class MonitorRoutes {
  /** Largest CSV artifact read as a reference. */
  static final long MAX_REFERENCE_ARTIFACT_BYTES = 64L << 20;
  private final MonitorService monitors;
  private final TrackingService tracking;
  private final LocalArtifactRepository artifacts;

  private final Authorizer authz;

  public MonitorRoutes(MonitorService monitors) {
    this(monitors, null, null);
  }

  /** {@code tracking} and {@code artifacts} (the local artifact root, may be null) serve references read from runs. */
  public MonitorRoutes(MonitorService monitors, TrackingService tracking, LocalArtifactRepository artifacts) {
    this(monitors, tracking, artifacts, Authorizer.allowAll());
  }

  /**
   * With {@code authz}, a monitor is governed by the registered model of the same name (see
   * {@link Authorizer#requireMonitor}): READ to read it, EDIT to feed it data or silence alerts,
   * MANAGE to define or delete it.
   */
  public MonitorRoutes(MonitorService monitors, TrackingService tracking, LocalArtifactRepository artifacts,
      Authorizer authz) {
    this.monitors = monitors;
    this.tracking = tracking;
    this.artifacts = artifacts;
    this.authz = authz;
  }

  public void register(Javalin app, String prefix) {
    String m = prefix + "/monitors/{model}";
    app.get(prefix + "/monitors", this::list);
    app.put(m, this::put);
    app.get(m, this::get);
    app.delete(m, this::delete);
    app.post(m + "/predictions", this::predictions);
    app.post(m + "/outcomes", this::outcomes);
    app.put(m + "/reference", this::reference);
    app.get(m + "/windows", this::windows);
    app.get(m + "/series", this::series);
    app.get(m + "/alerts", this::alerts);
    app.get(m + "/alerts/history", this::history);
    app.post(m + "/alerts/{rule}/silence", this::silence);
  }

  private void list(Context ctx) {
    monitors.requireActive();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode arr = body.putArray("monitors");
    for (String model : monitors.models()) {
      if (!authz.canReadMonitor(ctx, model)) continue;
      ObjectNode o = arr.addObject();
      o.put("model", model);
      o.set("definition", monitors.monitor(model).toJson());
    }
    HttpRequests.json(ctx, body);
  }

  private void put(Context ctx) {
    authz.requireMonitor(ctx, ctx.pathParam("model"), Permission.MANAGE);
    monitors.requireActive();
    String model = ctx.pathParam("model");
    JsonNode body = parseJson(HttpRequests.rawBody(ctx));
    resolveRunBaselines(ctx, body);
    var r = monitors.putMonitor(model, body);
    ctx.status(r.getValue() ? 201 : 200);
    HttpRequests.json(ctx, monitorJson(model, r.getKey()));
  }

  /** Fills in {@code baseline: {run_id, metric}} with the run's latest value of that metric (READ on the run needed). */
  private void resolveRunBaselines(Context ctx, JsonNode body) {
    for (ObjectNode b : AlertRule.unresolvedRunBaselines(body)) {
      JsonNode runNode = b.get("run_id");
      JsonNode metricNode = b.get("metric");
      if (runNode == null || !runNode.isTextual() || metricNode == null || !metricNode.isTextual()) continue; // parse names the field
      if (tracking == null) throw VigilException.invalid("This server does not read baselines from runs.");
      String runId = runNode.textValue();
      authz.requireRun(ctx, runId, Permission.READ);
      String metric = metricNode.textValue();
      double value = tracking.getRun(runId).data().metrics().stream().filter(m -> m.key().equals(metric))
          .mapToDouble(io.vigil.model.Metric::value).findFirst()
          .orElseThrow(() -> VigilException.invalid("Run " + runId + " has no metric '" + metric + "' to use as a baseline."));
      if (!Double.isFinite(value)) {
        throw VigilException.invalid("Run " + runId + "'s metric '" + metric + "' is " + value + ": not usable as a baseline.");
      }
      b.put("value", value);
    }
  }

  private void get(Context ctx) {
    authz.requireMonitor(ctx, ctx.pathParam("model"), Permission.READ);
    monitors.requireActive();
    String model = ctx.pathParam("model");
    HttpRequests.json(ctx, monitorJson(model, monitors.monitor(model)));
  }

  private static ObjectNode monitorJson(String model, MonitorDefinition def) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("model", model);
    body.set("definition", def.toJson());
    return body;
  }

  private void delete(Context ctx) {
    authz.requireMonitor(ctx, ctx.pathParam("model"), Permission.MANAGE);
    monitors.requireActive();
    monitors.deleteMonitor(ctx.pathParam("model"));
    HttpRequests.empty(ctx);
  }

  private void predictions(Context ctx) {
    authz.requireMonitor(ctx, ctx.pathParam("model"), Permission.EDIT);
    monitors.requireActive();
    String model = ctx.pathParam("model");
    monitors.monitor(model); // 404 before reading a body for nothing
    HttpRequests.json(ctx, monitors.ingestPredictions(model, eventBody(ctx)).toJson());
  }

  private void outcomes(Context ctx) {
    authz.requireMonitor(ctx, ctx.pathParam("model"), Permission.EDIT);
    monitors.requireActive();
    String model = ctx.pathParam("model");
    monitors.monitor(model);
    HttpRequests.json(ctx, monitors.ingestOutcomes(model, eventBody(ctx)).toJson());
  }

  /** The body of an ingestion request, read as a token stream by the service (no tree per event). */
  private static EventBody eventBody(Context ctx) {
    byte[] raw = HttpRequests.rawBody(ctx);
    return isNdjson(ctx) ? EventBody.ndjson(raw) : EventBody.json(raw);
  }

  private static boolean isNdjson(Context ctx) {
    return isType(ctx, "application/x-ndjson") || isType(ctx, "application/jsonl") || isType(ctx, "application/ndjson");
  }

  private void reference(Context ctx) {
    authz.requireMonitor(ctx, ctx.pathParam("model"), Permission.EDIT);
    monitors.requireActive();
    String model = ctx.pathParam("model");
    monitors.monitor(model);
    String runId = ctx.queryParam("run_id");
    if (runId != null && !runId.isBlank()) {
      String artifact = ctx.queryParam("artifact");
      if (artifact == null || artifact.isBlank()) {
        throw VigilException.invalid("Missing value for required parameter 'artifact' (a CSV file of the run, e.g. data/train.csv).");
      }
      authz.requireRun(ctx, runId, Permission.READ);
      List<Map<String, JsonNode>> rows = csvRows(artifact, runArtifactText(runId, artifact));
      long n = monitors.putReference(model, rows);
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("rows", n);
      body.put("run_id", runId);
      body.put("artifact", artifact);
      HttpRequests.json(ctx, body);
      return;
    }
    byte[] raw = HttpRequests.rawBody(ctx);
    List<Map<String, JsonNode>> rows = new ArrayList<>();
    if (isType(ctx, "text/csv")) {
      rows = csvRows("reference", new String(raw, StandardCharsets.UTF_8));
    } else {
      for (JsonNode n : events(ctx, raw)) {
        if (!n.isObject()) throw VigilException.invalid("Reference rows must be JSON objects of column: value.");
        Map<String, JsonNode> row = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue()));
        rows.add(row);
      }
    }
    long n = monitors.putReference(model, rows);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("rows", n);
    HttpRequests.json(ctx, body);
  }

  /** Rows of a CSV text, every value a string (the monitor's feature kinds decide how they parse). */
  private static List<Map<String, JsonNode>> csvRows(String name, String text) {
    CsvTable t;
    try {
      t = CsvTable.parse(name, text);
    } catch (CsvTable.CsvException e) {
      throw VigilException.invalid(e.getMessage());
    }
    List<Map<String, JsonNode>> rows = new ArrayList<>();
    List<String> header = t.header();
    List<List<String>> cols = new ArrayList<>();
    for (String h : header) cols.add(t.strings(h));
    for (int i = 0; i < t.rowCount(); i++) {
      Map<String, JsonNode> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) row.put(header.get(c), JsonNodeFactory.instance.textNode(cols.get(c).get(i)));
      rows.add(row);
    }
    return rows;
  }

  /** The text of a run's CSV artifact, from the artifact store the run's artifact URI names. */
  private String runArtifactText(String runId, String artifact) {
    if (tracking == null) throw VigilException.invalid("This server does not read references from runs.");
    if (!artifact.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      throw VigilException.invalid("Invalid value '" + artifact + "' for parameter 'artifact': expected a .csv file.");
    }
    String rootUri = tracking.getRun(runId).info().artifactUri();
    LocalArtifactRepository repo = MlflowArtifactRoutes.runRepository(artifacts, rootUri, runId);
    java.nio.file.Path file;
    try {
      file = repo.file(artifact.replaceAll("^/+", ""));
    } catch (VigilException e) {
      if (e.code() != io.vigil.model.ErrorCode.RESOURCE_DOES_NOT_EXIST) throw e;
      throw VigilException.notFound("Run " + runId + " has no artifact '" + artifact + "'.");
    }
    try {
      long size = java.nio.file.Files.size(file);
      if (size > MAX_REFERENCE_ARTIFACT_BYTES) {
        throw VigilException.invalid("Artifact '" + artifact + "' of run " + runId + " is " + size
            + " bytes, over the reference limit of " + MAX_REFERENCE_ARTIFACT_BYTES + ".");
      }
      return java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void windows(Context ctx) {
    authz.requireMonitor(ctx, ctx.pathParam("model"), Permission.READ);
    monitors.requireActive();
    String model = ctx.pathParam("model");
    String metric = requiredMetric(ctx);
    String version = ctx.queryParam("model_version");
    long from = longParam(ctx, "from", Long.MIN_VALUE);
    long to = longParam(ctx, "to", Long.MAX_VALUE);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("model", model);
    body.put("metric", metric);
    ArrayNode arr = body.putArray("windows");
    for (WindowValue v : monitors.windows(model, metric, version, from, to)) {
      ObjectNode o = arr.addObject();
      o.put("model_version", v.modelVersion());
      o.put("start", v.windowStart());
      o.put("end", v.windowEnd());
      o.put("value", v.value());
    }
    HttpRequests.json(ctx, body);
  }

  /**
   * One series as metric points ({@code timestamp} = window start, {@code step} = window index),
   * the read side for SDKs and the gate. {@code model_version} defaults to all versions ("");
   * windows without a value are left out; {@code closed=true} keeps ended windows only, {@code last=N}
   * the latest N.
   */
  private void series(Context ctx) {
    authz.requireMonitor(ctx, ctx.pathParam("model"), Permission.READ);
    monitors.requireActive();
    String model = ctx.pathParam("model");
    String metric = requiredMetric(ctx);
    String version = ctx.queryParam("model_version");
    if (version == null) version = MonitorService.ALL_VERSIONS;
    long from = longParam(ctx, "from", Long.MIN_VALUE);
    long to = longParam(ctx, "to", Long.MAX_VALUE);
    long last = longParam(ctx, "last", 0);
    if (last < 0 || last > 1_000_000) throw VigilException.invalid("Parameter 'last' must be between 0 and 1000000.");
    String closed = ctx.queryParam("closed");
    if (closed != null && !closed.equals("true") && !closed.equals("false")) {
      throw VigilException.invalid("Invalid value '" + closed + "' for parameter 'closed': expected true or false.");
    }
    MonitorDefinition def = monitors.monitor(model);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("model", model);
    body.put("metric", metric);
    body.put("model_version", version);
    body.put("window_ms", def.windowMs());
    ArrayNode arr = body.putArray("points");
    for (MonitorService.SeriesPoint p : monitors.series(model, metric, version, from, to, "true".equals(closed), (int) last)) {
      ObjectNode o = arr.addObject();
      o.put("timestamp", p.timestamp());
      o.put("step", p.step());
      o.put("value", p.value());
    }
    HttpRequests.json(ctx, body);
  }

  private void alerts(Context ctx) {
    authz.requireMonitor(ctx, ctx.pathParam("model"), Permission.READ);
    monitors.requireActive();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode arr = body.putArray("alerts");
    for (Map.Entry<AlertRule, AlertState> e : monitors.alerts(ctx.pathParam("model"))) {
      ObjectNode o = arr.addObject();
      o.set("rule", e.getKey().toJson());
      o.put("state", e.getValue().state());
      o.put("consecutive_windows", e.getValue().consecutive());
      if (e.getValue().silencedUntil() != null) o.put("silenced_until", e.getValue().silencedUntil());
    }
    HttpRequests.json(ctx, body);
  }

  private void history(Context ctx) {
    authz.requireMonitor(ctx, ctx.pathParam("model"), Permission.READ);
    monitors.requireActive();
    long limit = longParam(ctx, "limit", 100);
    if (limit < 1 || limit > 10_000) throw VigilException.invalid("Parameter 'limit' must be between 1 and 10000.");
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode arr = body.putArray("events");
    for (AlertEvent e : monitors.alertHistory(ctx.pathParam("model"), (int) limit)) {
      ObjectNode o = arr.addObject();
      o.put("id", e.id());
      o.put("alert", e.rule());
      o.put("state", e.state());
      o.put("window_start", e.windowStart());
      o.put("value", e.value());
      o.put("time", e.time());
      o.put("notification", e.notification());
    }
    HttpRequests.json(ctx, body);
  }

  /** Body {@code {"duration": "2h"}} or {@code {"until": epochMs}}. */
  private void silence(Context ctx) {
    authz.requireMonitor(ctx, ctx.pathParam("model"), Permission.EDIT);
    monitors.requireActive();
    JsonNode body = parseJson(HttpRequests.rawBody(ctx));
    long until;
    if (body.hasNonNull("until") && body.get("until").canConvertToLong()) {
      until = body.get("until").longValue();
    } else if (body.hasNonNull("duration") && body.get("duration").isTextual()) {
      until = monitors.clock().millis() + MonitorDefinition.parseDuration("duration", body.get("duration").textValue());
    } else {
      throw VigilException.invalid("Missing value for required parameter 'duration' (e.g. \"2h\") or 'until' (epoch ms).");
    }
    AlertState s = monitors.silence(ctx.pathParam("model"), ctx.pathParam("rule"), until);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("alert", s.rule());
    o.put("silenced_until", until);
    HttpRequests.json(ctx, o);
  }

  private static String requiredMetric(Context ctx) {
    String metric = ctx.queryParam("metric");
    if (metric == null || metric.isBlank()) throw VigilException.invalid("Missing value for required parameter 'metric'.");
    return metric;
  }

  private static long longParam(Context ctx, String name, long dflt) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) return dflt;
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw VigilException.invalid("Invalid value '" + v + "' for parameter '" + name + "': expected an integer.");
    }
  }

  private static boolean isType(Context ctx, String type) {
    String t = ctx.header("Content-Type");
    return t != null && t.toLowerCase(Locale.ROOT).startsWith(type);
  }

  /** A JSON array (or one object) of events, or NDJSON: one event per non-blank line. */
  private static List<JsonNode> events(Context ctx, byte[] raw) {
    if (isNdjson(ctx)) {
      List<JsonNode> out = new ArrayList<>();
      int start = 0;
      int line = 0;
      for (int i = 0; i <= raw.length; i++) {
        if (i == raw.length || raw[i] == '\n') {
          int end = i;
          if (end > start && raw[end - 1] == '\r') end--;
          if (!isBlank(raw, start, end)) {
            try {
              out.add(Json.MAPPER.readTree(raw, start, end - start));
            } catch (java.io.IOException e) {
              throw VigilException.invalid("Invalid JSON for parameter '[" + out.size() + "]' (line " + (line + 1) + ").");
            }
          }
          start = i + 1;
          line++;
        }
      }
      return out;
    }
    JsonNode n = parseJson(raw);
    if (n.isArray()) {
      List<JsonNode> out = new ArrayList<>(n.size());
      n.forEach(out::add);
      return out;
    }
    if (n.isObject()) return List.of(n);
    throw VigilException.invalid("The body must be a JSON array of events, or NDJSON with Content-Type application/x-ndjson.");
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') return false;
    return true;
  }

  private static JsonNode parseJson(byte[] raw) {
    if (raw.length == 0) throw VigilException.invalid("The request body is empty.");
    try {
      return Json.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw VigilException.invalid("Request body is not valid JSON" + where + ".");
    } catch (java.io.IOException e) {
      throw VigilException.invalid("Request body could not be read.");
    }
  }
}
