package io.vigil.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.model.Metric;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The read side of production monitoring on a Vigil server; obtained from {@link VigilClient#monitors()}.
 * A monitor's window series read like run metrics: one {@link Metric} per window that has a value,
 * oldest first, with {@code timestamp} the window start and {@code step} the window's index since
 * the epoch (start / window width). Writing predictions and outcomes is {@link VigilClient#monitor(String)}.
 * An unknown model is a {@link VigilHttpException} (404).
 */
public final class MonitorClient {
  /** The version key of the all-versions series. */
  public static final String ALL_VERSIONS = "";
  private final Requests requests;

  MonitorClient(Requests requests) {
    this.requests = requests;
  }

  /** Every window of {@code metric} for {@code version} ({@link #ALL_VERSIONS} or null: all versions together). */
  public List<Metric> series(String model, String metric, String version) {
    return read(model, metric, version, "");
  }

  /** The windows starting in [{@code fromMs}, {@code toMs}). */
  public List<Metric> series(String model, String metric, String version, long fromMs, long toMs) {
    return read(model, metric, version, "&from=" + fromMs + "&to=" + toMs);
  }

  /** The latest {@code windows} closed windows (ended at the server's clock) that have a value. */
  public List<Metric> latestClosed(String model, String metric, String version, int windows) {
    if (windows < 1) throw new IllegalArgumentException("windows must be at least 1");
    return read(model, metric, version, "&closed=true&last=" + windows);
  }

  private List<Metric> read(String model, String metric, String version, String extra) {
    String v = version == null ? ALL_VERSIONS : version;
    JsonNode r = requests.getJsonAt("/api/vigil/monitors/" + enc(model).replace("+", "%20") + "/series?metric=" + enc(metric)
        + "&model_version=" + enc(v) + extra, "read series '" + metric + "' of monitor '" + model + "'");
    List<Metric> out = new ArrayList<>();
    for (JsonNode p : r.path("points")) {
      out.add(new Metric(metric, p.path("value").asDouble(Double.NaN), p.path("timestamp").asLong(), p.path("step").asLong()));
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
