package io.vigil.server.http.mlflow;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vigil.model.Experiment;
import io.vigil.model.ExperimentTag;
import io.vigil.model.Metric;
import io.vigil.model.Param;
import io.vigil.model.Run;
import io.vigil.model.RunStatus;
import io.vigil.model.RunTag;
import io.vigil.model.VigilException;
import io.vigil.model.ViewType;
import io.vigil.server.auth.Authorizer;
import io.vigil.server.auth.Permission;
import io.vigil.server.http.HttpRequests;
import io.vigil.server.http.Json;
import io.vigil.server.http.JsonRequest;
import io.vigil.server.http.LogBatchBody;
import io.vigil.server.store.ExperimentSearch;
import io.vigil.server.store.MetricHistoryInterval;
import io.vigil.server.store.Page;
import io.vigil.server.store.RunSearch;
import io.vigil.server.tracking.TrackingLimits;
import io.vigil.server.tracking.TrackingService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** MLflow 2.x tracking REST endpoints; mounted under /api/2.0/mlflow and /ajax-api/2.0/mlflow. */
public final class MlflowTrackingRoutes {
  private static final SerializedString KEY = new SerializedString("key");
  private static final SerializedString VALUE = new SerializedString("value");
  private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
  private static final SerializedString STEP = new SerializedString("step");
  private final TrackingService tracking;
  /** Every permission check of these routes goes through it; it allows everything with auth off. */
  private final Authorizer authz;

  public MlflowTrackingRoutes(TrackingService tracking) {
    this(tracking, Authorizer.allowAll());
  }

  public MlflowTrackingRoutes(TrackingService tracking, Authorizer authz) {
    this.tracking = tracking;
    this.authz = authz;
  }

  public void register(Javalin app, String prefix) {
    app.post(prefix + "/experiments/create", this::createExperiment);
    app.get(prefix + "/experiments/get", this::getExperiment);
    app.get(prefix + "/experiments/get-by-name", this::getExperimentByName);
    app.get(prefix + "/experiments/search", this::searchExperiments);
    app.post(prefix + "/experiments/search", this::searchExperiments);
    app.post(prefix + "/experiments/update", this::updateExperiment);
    app.post(prefix + "/experiments/delete", this::deleteExperiment);
    app.post(prefix + "/experiments/restore", this::restoreExperiment);
    app.post(prefix + "/experiments/set-experiment-tag", this::setExperimentTag);

    app.post(prefix + "/runs/create", this::createRun);
    app.get(prefix + "/runs/get", this::getRun);
    app.post(prefix + "/runs/update", this::updateRun);
    app.post(prefix + "/runs/delete", this::deleteRun);
    app.post(prefix + "/runs/restore", this::restoreRun);
    app.post(prefix + "/runs/search", this::searchRuns);
    app.post(prefix + "/runs/set-tag", this::setTag);
    app.post(prefix + "/runs/delete-tag", this::deleteTag);
    app.post(prefix + "/runs/log-parameter", this::logParameter);
    app.post(prefix + "/runs/log-metric", this::logMetric);
    app.post(prefix + "/runs/log-batch", this::logBatch);

    app.get(prefix + "/metrics/get-history", this::getMetricHistory);
    app.get(prefix + "/metrics/get-history-bulk-interval", this::getMetricHistoryBulkInterval);
  }

  // ---- experiments

  private void createExperiment(Context ctx) {
    JsonRequest r = HttpRequests.body(ctx);
    String name = r.requiredString("name");
    List<ExperimentTag> tags = new ArrayList<>();
    for (JsonRequest t : r.objectList("tags")) tags.add(new ExperimentTag(t.requiredString("key"), stringOrEmpty(t, "value")));
    String location = r.optionalString("artifact_location");
    // An explicit location is served by artifacts/list and read by monitor references: with auth on, an
    // admin's choice, so that no user can point an experiment at server folders or at another's artifacts.
    if (location != null && !location.isEmpty()) authz.requireAdmin(ctx, "set an experiment's artifact_location");
    String id = tracking.createExperiment(name, location, tags);
    authz.experimentCreated(ctx, id);
    HttpRequests.json(ctx, MlflowJson.object().put("experiment_id", id));
  }

  private void getExperiment(Context ctx) {
    JsonRequest r = HttpRequests.query(ctx);
    String id = r.requiredString("experiment_id");
    authz.requireExperiment(ctx, id, Permission.READ);
    Experiment e = tracking.getExperiment(id);
    ObjectNode o = MlflowJson.object();
    o.set("experiment", MlflowJson.experiment(e));
    HttpRequests.json(ctx, o);
  }

  private void getExperimentByName(Context ctx) {
    JsonRequest r = HttpRequests.query(ctx);
    Experiment e = tracking.getExperimentByName(r.requiredString("experiment_name"));
    authz.requireExperiment(ctx, e.experimentId(), Permission.READ);
    ObjectNode o = MlflowJson.object();
    o.set("experiment", MlflowJson.experiment(e));
    HttpRequests.json(ctx, o);
  }

  private void searchExperiments(Context ctx) {
    JsonRequest r = ctx.method().name().equals("GET") ? HttpRequests.query(ctx) : HttpRequests.body(ctx);
    Integer max = r.optionalInt32("max_results");
    Page<Experiment> page = tracking.searchExperiments(new ExperimentSearch(
        r.optionalString("filter"), r.stringList("order_by"), viewType(r, "view_type"),
        max == null ? TrackingLimits.DEFAULT_SEARCH_RESULTS : max, r.optionalString("page_token"))
        .readableBy(authz.readableBy(ctx)));
    ObjectNode o = MlflowJson.object();
    if (!page.items().isEmpty()) {
      ArrayNode a = o.putArray("experiments");
      for (Experiment e : page.items()) a.add(MlflowJson.experiment(e));
    }
    if (page.nextPageToken() != null) o.put("next_page_token", page.nextPageToken());
    HttpRequests.json(ctx, o);
  }

  private void updateExperiment(Context ctx) {
    JsonRequest r = HttpRequests.body(ctx);
    String id = r.optionalId("experiment_id");
    if (id == null) r.requiredString("experiment_id");
    authz.requireExperiment(ctx, id, Permission.MANAGE);
    tracking.renameExperiment(id, r.requiredString("new_name"));
    HttpRequests.empty(ctx);
  }

  private void deleteExperiment(Context ctx) {
    String id = requiredExperimentId(HttpRequests.body(ctx));
    authz.requireExperiment(ctx, id, Permission.MANAGE);
    tracking.deleteExperiment(id);
    HttpRequests.empty(ctx);
  }

  private void restoreExperiment(Context ctx) {
    String id = requiredExperimentId(HttpRequests.body(ctx));
    authz.requireExperiment(ctx, id, Permission.MANAGE);
    tracking.restoreExperiment(id);
    HttpRequests.empty(ctx);
  }

  private void setExperimentTag(Context ctx) {
    JsonRequest r = HttpRequests.body(ctx);
    String id = requiredExperimentId(r);
    authz.requireExperiment(ctx, id, Permission.MANAGE);
    tracking.setExperimentTag(id, new ExperimentTag(r.requiredString("key"), stringOrEmpty(r, "value")));
    HttpRequests.empty(ctx);
  }

  private static String requiredExperimentId(JsonRequest r) {
    String id = r.optionalId("experiment_id");
    if (id == null || id.isEmpty()) throw VigilException.invalid("Missing value for required parameter 'experiment_id'.");
    return id;
  }

  // ---- runs

  private void createRun(Context ctx) {
    JsonRequest r = HttpRequests.body(ctx);
    List<RunTag> tags = new ArrayList<>();
    for (JsonRequest t : r.objectList("tags")) tags.add(new RunTag(t.requiredString("key"), stringOrEmpty(t, "value")));
    // With authentication on, the run belongs to the authenticated user, whatever user_id the client sends.
    String authenticated = io.vigil.server.http.Caller.username(ctx);
    String experimentId = r.optionalId("experiment_id");
    authz.requireExperiment(ctx, experimentId == null || experimentId.isEmpty() ? "0" : experimentId, Permission.EDIT);
    Run run = tracking.createRun(r.optionalId("experiment_id"), authenticated != null ? authenticated : r.optionalString("user_id"),
        r.optionalInt64("start_time"), r.optionalString("run_name"), tags);
    ObjectNode o = MlflowJson.object();
    o.set("run", MlflowJson.run(run));
    HttpRequests.json(ctx, o);
  }

  private void getRun(Context ctx) {
    JsonRequest r = HttpRequests.query(ctx);
    Run run = tracking.getRun(r.requiredStringOf("run_id", "run_uuid"));
    authz.requireExperiment(ctx, run.info().experimentId(), Permission.READ);
    ObjectNode o = MlflowJson.object();
    o.set("run", MlflowJson.run(run));
    HttpRequests.json(ctx, o);
  }

  private void updateRun(Context ctx) {
    JsonRequest r = HttpRequests.body(ctx);
    String runId = r.requiredStringOf("run_id", "run_uuid");
    authz.requireRun(ctx, runId, Permission.EDIT);
    String statusText = r.optionalString("status");
    RunStatus status = null;
    if (statusText != null) {
      try {
        status = RunStatus.valueOf(statusText);
      } catch (IllegalArgumentException e) {
        throw VigilException.invalid("Invalid value '" + statusText + "' for parameter 'status': expected one of "
            + java.util.Arrays.toString(RunStatus.values()) + ".");
      }
    }
    var info = tracking.updateRun(runId, status, r.optionalInt64("end_time"), r.optionalString("run_name"));
    ObjectNode o = MlflowJson.object();
    o.set("run_info", MlflowJson.runInfo(info));
    HttpRequests.json(ctx, o);
  }

  private void deleteRun(Context ctx) {
    String runId = HttpRequests.body(ctx).requiredStringOf("run_id", "run_uuid");
    authz.requireRun(ctx, runId, Permission.EDIT);
    tracking.deleteRun(runId);
    HttpRequests.empty(ctx);
  }

  private void restoreRun(Context ctx) {
    String runId = HttpRequests.body(ctx).requiredStringOf("run_id", "run_uuid");
    authz.requireRun(ctx, runId, Permission.EDIT);
    tracking.restoreRun(runId);
    HttpRequests.empty(ctx);
  }

  private void searchRuns(Context ctx) {
    JsonRequest r = HttpRequests.body(ctx);
    Integer max = r.optionalInt32("max_results");
    Page<Run> page = tracking.searchRuns(new RunSearch(r.stringList("experiment_ids"), r.optionalString("filter"),
        r.stringList("order_by"), viewType(r, "run_view_type"),
        max == null ? TrackingLimits.DEFAULT_SEARCH_RESULTS : max, r.optionalString("page_token"))
        .readableBy(authz.readableBy(ctx)));
    ObjectNode o = MlflowJson.object();
    if (!page.items().isEmpty()) o.set("runs", MlflowJson.runs(page.items()));
    if (page.nextPageToken() != null) o.put("next_page_token", page.nextPageToken());
    HttpRequests.json(ctx, o);
  }

  private void setTag(Context ctx) {
    JsonRequest r = HttpRequests.body(ctx);
    authz.requireRun(ctx, r.requiredStringOf("run_id", "run_uuid"), Permission.EDIT);
    tracking.setTag(r.requiredStringOf("run_id", "run_uuid"), r.requiredString("key"), stringOrEmpty(r, "value"));
    HttpRequests.empty(ctx);
  }

  private void deleteTag(Context ctx) {
    JsonRequest r = HttpRequests.body(ctx);
    authz.requireRun(ctx, r.requiredStringOf("run_id", "run_uuid"), Permission.EDIT);
    tracking.deleteTag(r.requiredStringOf("run_id", "run_uuid"), r.requiredString("key"));
    HttpRequests.empty(ctx);
  }

  private void logParameter(Context ctx) {
    JsonRequest r = HttpRequests.body(ctx);
    authz.requireRun(ctx, r.requiredStringOf("run_id", "run_uuid"), Permission.EDIT);
    tracking.logParam(r.requiredStringOf("run_id", "run_uuid"), r.requiredString("key"), stringOrEmpty(r, "value"));
    HttpRequests.empty(ctx);
  }

  private void logMetric(Context ctx) {
    JsonRequest r = HttpRequests.body(ctx);
    String runId = r.requiredStringOf("run_id", "run_uuid");
    authz.requireRun(ctx, runId, Permission.EDIT);
    tracking.logMetric(runId, metric(r));
    HttpRequests.empty(ctx);
  }

  private void logBatch(Context ctx) {
    byte[] body = HttpRequests.jsonBytes(ctx);
    // The plain shape clients send is read as a token stream (no tree: the hot path of metric logging);
    // anything else goes through the tree below, which alone decides what is wrong and says so.
    LogBatchBody plain = HttpRequests.plainLogBatch(ctx, body);
    if (plain != null) {
      authz.requireRun(ctx, plain.runId(), Permission.EDIT);
      tracking.logBatch(plain.runId(), plain.metrics(), plain.params(), plain.tags());
      HttpRequests.empty(ctx);
      return;
    }
    JsonRequest r = HttpRequests.body(ctx, body);
    String runId = r.requiredStringOf("run_id", "run_uuid");
    authz.requireRun(ctx, runId, Permission.EDIT);
    // Count before parsing elements, so an oversized batch is refused without the work.
    if (r.listSize("metrics") > TrackingLimits.MAX_BATCH_METRICS || r.listSize("params") > TrackingLimits.MAX_BATCH_PARAMS
        || r.listSize("tags") > TrackingLimits.MAX_BATCH_TAGS) {
      tracking.logBatch(runId, sized(r.listSize("metrics")), sized(r.listSize("params")), sized(r.listSize("tags")));
    }
    List<Metric> metrics = new ArrayList<>();
    for (JsonRequest m : r.objectList("metrics")) metrics.add(metric(m));
    List<Param> params = new ArrayList<>();
    for (JsonRequest p : r.objectList("params")) params.add(new Param(p.requiredString("key"), stringOrEmpty(p, "value")));
    List<RunTag> tags = new ArrayList<>();
    for (JsonRequest t : r.objectList("tags")) tags.add(new RunTag(t.requiredString("key"), stringOrEmpty(t, "value")));
    tracking.logBatch(runId, metrics, params, tags);
    HttpRequests.empty(ctx);
  }

  /** A list of nulls of the given size, only for the limit check's counts. */
  private static <T> List<T> sized(int n) {
    return java.util.Collections.nCopies(n, null);
  }

  private static Metric metric(JsonRequest m) {
    String key = m.requiredString("key");
    double value = m.requiredDouble("value");
    long timestamp = m.requiredInt64("timestamp");
    Long step = m.optionalInt64("step");
    return new Metric(key, value, timestamp, step == null ? 0 : step);
  }

  // ---- metric histories

  private void getMetricHistory(Context ctx) throws IOException {
    JsonRequest r = HttpRequests.query(ctx);
    String runId = r.requiredStringOf("run_id", "run_uuid");
    String key = r.requiredString("metric_key");
    authz.requireRun(ctx, runId, Permission.READ);
    Integer maxResults = r.optionalInt32("max_results");
    // The official Java client (mlflow-java-client 2.17.2) always sends max_results=25000 and cannot follow a
    // next_page_token (it calls addAll on the immutable list of the first page). MLflow 2.12 never pages, so that
    // client only works when the whole history comes back at once: for it, max_results is checked but not applied.
    String agent = ctx.header("User-Agent");
    if (agent != null && agent.startsWith("mlflow-java-client/")) maxResults = null;
    Page<Metric> page = tracking.getMetricHistory(runId, key, maxResults, r.optionalString("page_token"));
    // Written straight to the response with a generator: histories reach millions of points.
    SerializedString keyText = new SerializedString(key);
    ctx.contentType("application/json");
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(ctx.outputStream())) {
      g.writeStartObject();
      if (!page.items().isEmpty()) {
        g.writeArrayFieldStart("metrics");
        for (Metric m : page.items()) {
          g.writeStartObject();
          g.writeFieldName(KEY);
          g.writeString(keyText);
          g.writeFieldName(VALUE);
          g.writeNumber(m.value());
          g.writeFieldName(TIMESTAMP);
          g.writeNumber(m.timestamp());
          g.writeFieldName(STEP);
          g.writeNumber(m.step());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (page.nextPageToken() != null) g.writeStringField("next_page_token", page.nextPageToken());
      g.writeEndObject();
    }
  }

  private void getMetricHistoryBulkInterval(Context ctx) {
    JsonRequest r = HttpRequests.query(ctx);
    for (String runId : r.stringList("run_ids")) authz.requireRun(ctx, runId, Permission.READ);
    List<MetricHistoryInterval> points = tracking.getMetricHistoryBulkInterval(r.stringList("run_ids"),
        r.requiredString("metric_key"), r.optionalInt32("max_results"), r.optionalInt64("start_step"), r.optionalInt64("end_step"));
    ObjectNode o = MlflowJson.object();
    if (!points.isEmpty()) {
      ArrayNode a = o.putArray("metrics");
      for (MetricHistoryInterval p : points) a.add(MlflowJson.metric(p.metric()).put("run_id", p.runId()));
    }
    HttpRequests.json(ctx, o);
  }

  // ---- helpers

  private static String stringOrEmpty(JsonRequest r, String field) {
    String v = r.optionalString(field);
    return v == null ? "" : v;
  }

  private static ViewType viewType(JsonRequest r, String field) {
    String s = r.optionalString(field);
    if (s == null || s.isEmpty()) return ViewType.ACTIVE_ONLY;
    try {
      return ViewType.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw VigilException.invalid("Invalid value '" + s + "' for parameter '" + field + "': expected ACTIVE_ONLY, DELETED_ONLY or ALL.");
    }
  }
}
