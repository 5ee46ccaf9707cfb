package io.vigil.server.http.vigil;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vigil.model.VigilException;
import io.vigil.server.auth.Authorizer;
import io.vigil.server.auth.Permission;
import io.vigil.server.http.HttpRequests;
import io.vigil.server.http.Json;
import io.vigil.server.http.JsonRequest;
import io.vigil.server.store.ExperimentStats;
import io.vigil.server.store.SeriesBucket;
import io.vigil.server.store.SeriesBuckets;
import io.vigil.server.store.XAxis;
import io.vigil.server.tracking.TrackingService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/vigil/series?run_ids=a,b&key=loss&points=1000[&x=step|time][&from=…&to=…]}: each
 * run's metric series reduced to at most {@code points} buckets, for the dashboard's charts.
 *
 * <p>The answer is column-wise so that a chart can use the arrays directly:
 * <pre>{"key": "loss", "x": "step", "points": 1000, "series": [{"run_id": "…", "point_count": 1000000,
 *   "downsampled": true, "x_min": […], "x_max": […], "first": […], "last": […], "min": […], "max": […],
 *   "count": […], "nan_count": […]}]}</pre>
 * NaN values are {@code null}; {@code min}/{@code max} are {@code null} for a bucket of NaNs only;
 * ±Infinity are the strings {@code "Infinity"} and {@code "-Infinity"}.
 *
 * <p>{@code GET /api/vigil/experiments/stats?experiment_ids=1,2}: run counts and last activity for
 * the dashboard's experiment list: {@code {"experiments": [{"experiment_id": "1", "run_count": 3,
 * "last_activity": 1700000000000}]}}.
 */
public final class SeriesRoutes {
  private final TrackingService tracking;
  private final Authorizer authz;

  public SeriesRoutes(TrackingService tracking) {
    this(tracking, Authorizer.allowAll());
  }

  /** With {@code authz}: series need READ on every run named; stats leave out experiments the caller cannot read. */
  public SeriesRoutes(TrackingService tracking, Authorizer authz) {
    this.tracking = tracking;
    this.authz = authz;
  }

  public void register(Javalin app, String prefix) {
    app.get(prefix + "/series", this::series);
    app.get(prefix + "/experiments/stats", this::experimentStats);
  }

  private static List<String> commaList(Context ctx, String param) {
    List<String> out = new ArrayList<>();
    for (String v : ctx.queryParams(param)) {
      for (String id : v.split(",")) if (!id.isBlank()) out.add(id.trim());
    }
    return out;
  }

  private void experimentStats(Context ctx) throws IOException {
    List<String> ids = commaList(ctx, "experiment_ids");
    // Unreadable experiments are left out, not refused: the answer never shows they exist. (Over 1000 ids the service refuses.)
    if (ids.size() <= 1000) ids = ids.stream().filter(id -> authz.experimentPermission(ctx, id).allows(Permission.READ)).toList();
    List<ExperimentStats> stats = tracking.experimentStats(ids);
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("experiments");
      for (ExperimentStats s : stats) {
        g.writeStartObject();
        g.writeStringField("experiment_id", s.experimentId());
        g.writeNumberField("run_count", s.runCount());
        if (s.lastActivity() != null) g.writeNumberField("last_activity", s.lastActivity());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    ctx.contentType("application/json").result(out.toByteArray());
  }

  private void series(Context ctx) throws IOException {
    JsonRequest r = HttpRequests.query(ctx);
    List<String> runIds = commaList(ctx, "run_ids");
    if (runIds.size() <= TrackingService.MAX_SERIES_RUNS) {
      for (String runId : runIds) authz.requireRun(ctx, runId, Permission.READ);
    }
    String xParam = r.optionalString("x");
    XAxis x = xParam == null ? XAxis.STEP : XAxis.fromWire(xParam);
    if (x == null) throw VigilException.invalid("Invalid value '" + xParam + "' for parameter 'x': use 'step' or 'time'.");
    Integer points = r.optionalInt32("points");
    List<SeriesBuckets> result = tracking.downsampleSeries(runIds, r.optionalString("key"), points, x,
        r.optionalInt64("from"), r.optionalInt64("to"));

    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("key", r.optionalString("key"));
      g.writeStringField("x", x.wire());
      g.writeNumberField("points", points == null ? 1000 : points);
      g.writeArrayFieldStart("series");
      for (SeriesBuckets s : result) {
        List<SeriesBucket> b = s.buckets();
        g.writeStartObject();
        g.writeStringField("run_id", s.runId());
        g.writeNumberField("point_count", s.pointCount());
        g.writeBooleanField("downsampled", s.downsampled());
        g.writeArrayFieldStart("x_min");
        for (SeriesBucket k : b) g.writeNumber(k.xMin());
        g.writeEndArray();
        g.writeArrayFieldStart("x_max");
        for (SeriesBucket k : b) g.writeNumber(k.xMax());
        g.writeEndArray();
        doubles(g, "first", b, 0);
        doubles(g, "last", b, 1);
        doubles(g, "min", b, 2);
        doubles(g, "max", b, 3);
        g.writeArrayFieldStart("count");
        for (SeriesBucket k : b) g.writeNumber(k.count());
        g.writeEndArray();
        g.writeArrayFieldStart("nan_count");
        for (SeriesBucket k : b) g.writeNumber(k.nanCount());
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    ctx.contentType("application/json").result(out.toByteArray());
  }

  private static void doubles(JsonGenerator g, String field, List<SeriesBucket> buckets, int which) throws IOException {
    g.writeArrayFieldStart(field);
    for (SeriesBucket k : buckets) {
      double v = switch (which) {
        case 0 -> k.first();
        case 1 -> k.last();
        case 2 -> k.min();
        default -> k.max();
      };
      if (Double.isNaN(v)) g.writeNull();
      else if (Double.isInfinite(v)) g.writeString(v > 0 ? "Infinity" : "-Infinity"); // as MLflow's JSON mapping
      else g.writeNumber(v);
    }
    g.writeEndArray();
  }
}
