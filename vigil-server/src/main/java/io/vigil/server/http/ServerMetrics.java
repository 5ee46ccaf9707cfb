package io.vigil.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vigil.server.monitor.MonitorService;
import io.vigil.server.store.MonitorStore.WindowValue;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /metrics} in the Prometheus text format, with the official Prometheus Java client:
 * requests by route and status, request latency, ingested monitoring events, the JVM, and the
 * latest window value of every monitored series as {@code vigil_monitor_value{model,version,metric}}
 * (version "all" is every version together). Each server has its own registry (no global state).
 */
public final class ServerMetrics {
  private static final String START = "vigil.metrics.start";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExpositionFormats formats = ExpositionFormats.init();
  private final Counter requests;
  private final Histogram latency;

  public ServerMetrics(MonitorService monitors) {
    this(monitors, null);
  }

  /** As above, plus metric points logged and store transaction timings when {@code tracking} is given. */
  public ServerMetrics(MonitorService monitors, io.vigil.server.tracking.TrackingService tracking) {
    requests = Counter.builder().name("vigil_http_requests_total").help("HTTP requests by method, route and status")
        .labelNames("method", "route", "status").register(registry);
    latency = Histogram.builder().name("vigil_http_request_duration_seconds").help("HTTP request latency by route")
        .labelNames("method", "route").register(registry);
    CounterWithCallback.builder().name("vigil_monitor_events_ingested_total")
        .help("Prediction and outcome events ingested").labelNames("kind")
        .callback(cb -> {
          cb.call(monitors.predictionsIngested(), "prediction");
          cb.call(monitors.outcomesIngested(), "outcome");
        }).register(registry);
    GaugeWithCallback.builder().name("vigil_monitor_value")
        .help("Latest window value of each monitored series (version \"all\" = every version)")
        .labelNames("model", "version", "metric")
        .callback(cb -> {
          for (Map.Entry<String, List<WindowValue>> e : monitors.latestValues().entrySet()) {
            for (WindowValue v : e.getValue()) {
              if (Double.isFinite(v.value())) {
                cb.call(v.value(), e.getKey(), v.modelVersion().isEmpty() ? "all" : v.modelVersion(), v.metric());
              }
            }
          }
        }).register(registry);
    GaugeWithCallback.builder().name("vigil_monitor_window_start_seconds")
        .help("Start of the latest window of each monitored model, seconds since the epoch").labelNames("model")
        .callback(cb -> monitors.latestValues().forEach((model, vs) -> vs.stream()
            .mapToLong(WindowValue::windowStart).max().ifPresent(s -> cb.call(s / 1000.0, model))))
        .register(registry);
    if (tracking != null) {
      CounterWithCallback.builder().name("vigil_tracking_points_logged_total")
          .help("Metric points stored through log-metric, log-batch and evaluations")
          .callback(cb -> cb.call(tracking.pointsLogged())).register(registry);
      io.vigil.server.store.TransactionTimings t = tracking.store().timings();
      if (t != null) {
        CounterWithCallback.builder().name("vigil_store_transactions_total")
            .help("Store transactions by kind: read, write (including the wait for SQLite's group commit), failed")
            .labelNames("kind").callback(cb -> {
              cb.call(t.reads(), "read");
              cb.call(t.writes(), "write");
              cb.call(t.failures(), "failed");
            }).register(registry);
        CounterWithCallback.builder().name("vigil_store_transaction_seconds_total")
            .help("Time spent in store transactions by kind; divide its rate by vigil_store_transactions_total's for the mean")
            .labelNames("kind").callback(cb -> {
              cb.call(t.readSeconds(), "read");
              cb.call(t.writeSeconds(), "write");
            }).register(registry);
      }
    }
    JvmMetrics.builder().register(registry);
  }

  /** Times every request and serves {@code /metrics}. */
  public void register(Javalin app) {
    app.before(ctx -> ctx.attribute(START, System.nanoTime()));
    app.after(this::record);
    app.get("/metrics", this::scrape);
  }

  private void record(Context ctx) {
    Long start = ctx.attribute(START);
    String route;
    try {
      route = ctx.endpointHandlerPath();
    } catch (RuntimeException e) {
      route = "*";
    }
    if (route == null || route.equals("*")) route = "unmatched";
    String method = ctx.method().name();
    requests.labelValues(method, route, Integer.toString(ctx.statusCode())).inc();
    if (start != null) latency.labelValues(method, route).observe((System.nanoTime() - start) / 1e9);
  }

  private void scrape(Context ctx) throws java.io.IOException {
    ExpositionFormatWriter writer = formats.findWriter(ctx.header("Accept"));
    ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
    writer.write(out, registry.scrape());
    ctx.contentType(writer.getContentType()).result(out.toByteArray());
  }
}
