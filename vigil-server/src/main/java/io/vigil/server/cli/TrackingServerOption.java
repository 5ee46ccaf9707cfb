package io.vigil.server.cli;

import io.vigil.client.ClientConfig;
import io.vigil.client.RetryPolicy;
import io.vigil.client.VigilClient;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --tracking-uri} for CLI verbs that talk to a server, defaulting to {@code VIGIL_TRACKING_URI},
 * then {@code MLFLOW_TRACKING_URI}, then {@code http://127.0.0.1:5000}; the client is the Java SDK,
 * so credentials come from MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD or VIGIL_/MLFLOW_TRACKING_TOKEN.
 */
public final class TrackingServerOption {
  @Option(names = "--tracking-uri", paramLabel = "URL",
      description = "Tracking server (default: $VIGIL_TRACKING_URI, else $MLFLOW_TRACKING_URI, else "
          + ClientConfig.DEFAULT_TRACKING_URI + ").")
  String trackingUri;

  /** The URI in effect, given the environment. */
  public String resolve(Map<String, String> env) {
    if (trackingUri != null && !trackingUri.isBlank()) return trackingUri.trim();
    return ClientConfig.trackingUriFrom(env);
  }

  /** A client for one CLI call: no shutdown hook, and a short retry budget so a dead server fails fast. */
  public VigilClient client() {
    return VigilClient.create(ClientConfig.builder(resolve(System.getenv()))
        .shutdownHook(false)
        .connectTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(30))
        .retryPolicy(new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(2), 2.0, Duration.ofSeconds(5)))
        .build());
  }

  /** One line for a failed call, for {@code vigil: …} error output. */
  public static String describe(io.vigil.client.VigilClientException e, String uri) {
    if (e instanceof io.vigil.client.VigilHttpException h) {
      return "the tracking server at " + uri + " answered HTTP " + h.status()
          + (h.errorCode() == null ? "" : " " + h.errorCode()) + ": " + oneLine(h.serverMessage());
    }
    if (e instanceof io.vigil.client.VigilUnavailableException) {
      return "cannot connect to the tracking server at " + uri + " (is it running?)";
    }
    return oneLine(e.getMessage());
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
