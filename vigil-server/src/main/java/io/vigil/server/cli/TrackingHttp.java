package io.vigil.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.server.http.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The one REST call the CLI makes to a tracking server (MLflow's runs/log-batch). Kept to this class
 * so that it can be replaced by the Java SDK.
 */
public final class TrackingHttp {
  public static final String DEFAULT_URI = "http://127.0.0.1:5000";

  private final String baseUri;
  private final HttpClient http;

  /** A failed call: the message is one line for the user. */
  public static final class TrackingException extends RuntimeException {
    public TrackingException(String message) {
      super(message);
    }
  }

  public TrackingHttp(String trackingUri) {
    String u = trackingUri.trim();
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    if (!u.startsWith("http://") && !u.startsWith("https://")) {
      throw new IllegalArgumentException("tracking URI must start with http:// or https://, got '" + trackingUri + "'");
    }
    this.baseUri = u;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** --tracking-uri, else VIGIL_TRACKING_URI, else MLFLOW_TRACKING_URI, else {@link #DEFAULT_URI}. */
  public static String resolveUri(String option, Map<String, String> env) {
    if (option != null && !option.isBlank()) return option;
    for (String k : new String[] {"VIGIL_TRACKING_URI", "MLFLOW_TRACKING_URI"}) {
      String v = env.get(k);
      if (v != null && !v.isBlank()) return v;
    }
    return DEFAULT_URI;
  }

  public String baseUri() {
    return baseUri;
  }

  /** Logs the metrics at {@code timestamp}, step 0, in one log-batch request. */
  public void logMetrics(String runId, Map<String, Double> metrics, long timestamp) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("run_id", runId);
    ArrayNode list = body.putArray("metrics");
    metrics.forEach((k, v) -> list.addObject().put("key", k).put("value", v).put("timestamp", timestamp).put("step", 0));
    String url = baseUri + "/api/2.0/mlflow/runs/log-batch";
    HttpResponse<String> r;
    try {
      r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new TrackingException("cannot connect to the tracking server at " + baseUri + " (is it running?)");
    } catch (IOException e) {
      throw new TrackingException("logging to " + baseUri + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrackingException("interrupted while logging to " + baseUri);
    }
    if (r.statusCode() / 100 != 2) {
      throw new TrackingException("the tracking server at " + baseUri + " refused the metrics (HTTP " + r.statusCode()
          + "): " + serverMessage(r.body()));
    }
  }

  private static String serverMessage(String body) {
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      if (n != null && n.hasNonNull("message")) {
        String code = n.path("error_code").asText("");
        return (code.isEmpty() ? "" : code + ": ") + oneLine(n.get("message").asText());
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: show the text
    }
    String t = oneLine(body);
    return t.isEmpty() ? "(no message)" : t;
  }

  private static String oneLine(String s) {
    String t = s.replaceAll("\\s+", " ").trim();
    return t.length() > 300 ? t.substring(0, 300) + "…" : t;
  }
}
