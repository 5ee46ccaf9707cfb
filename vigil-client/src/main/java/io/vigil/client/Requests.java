package io.vigil.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Runs requests through the {@link Transport} with the retry policy, and maps error bodies. */
final class Requests {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String API = "/api/2.0/mlflow/";

  private final ClientConfig config;
  private final Transport transport;

  Requests(ClientConfig config, Transport transport) {
    this.config = config;
    this.transport = transport;
  }

  static boolean isTransient(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /**
   * Sends until a non-transient answer arrives: returns a 2xx response, throws
   * {@link VigilHttpException} for other statuses, or {@link VigilUnavailableException} when the
   * retry budget runs out (or {@code abandon} turns true).
   */
  Transport.Response send(String method, String path, byte[] body, String context, BooleanSupplier abandon) {
    RetryPolicy policy = config.retryPolicy();
    long start = System.nanoTime();
    long budget = policy.maxElapsed().toNanos();
    int attempt = 0;
    while (true) {
      attempt++;
      int status = 0;
      String retryAfter = null;
      Exception error = null;
      try {
        Transport.Response r = transport.exchange(method, path, body, config.requestTimeout());
        status = r.status();
        if (status >= 200 && status < 300) return r;
        if (!isTransient(status)) throw httpError(r, context);
        retryAfter = r.retryAfter();
      } catch (IOException e) {
        error = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VigilClientException(context + ": interrupted", e);
      }
      long delay = policy.delayNanos(attempt, ThreadLocalRandom.current().nextDouble(),
          RetryPolicy.parseRetryAfterNanos(retryAfter, System.currentTimeMillis()));
      long elapsed = System.nanoTime() - start;
      if (elapsed + delay > budget || abandon.getAsBoolean()) {
        String last = error != null ? error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage())
            : "HTTP " + status;
        throw new VigilUnavailableException(context + ": server " + config.trackingUri() + " unavailable after " + attempt
            + " attempts in " + (elapsed / 1_000_000) + " ms; last error: " + last, status, error);
      }
      if (!sleep(delay, abandon)) {
        throw new VigilUnavailableException(context + ": gave up retrying (client closing)", status, error);
      }
    }
  }

  /** Sleeps in slices so an abandon request is noticed; false when abandoned or interrupted. */
  private static boolean sleep(long nanos, BooleanSupplier abandon) {
    long deadline = System.nanoTime() + nanos;
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      if (abandon.getAsBoolean()) return false;
      LockSupport.parkNanos(Math.min(left, 20_000_000L));
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  static VigilHttpException httpError(Transport.Response r, String context) {
    String text = new String(r.body(), StandardCharsets.UTF_8);
    String code = null;
    String message = text.length() > 300 ? text.substring(0, 300) + "…" : text;
    try {
      JsonNode n = JSON.readTree(text);
      if (n != null && n.isObject() && n.hasNonNull("message")) {
        message = n.get("message").asText();
        code = n.hasNonNull("error_code") ? n.get("error_code").asText() : null;
      }
    } catch (IOException notJson) {
      // keep the raw text
    }
    if (message.isBlank()) message = "(empty body)";
    return new VigilHttpException(r.status(), code, message, context);
  }

  JsonNode getJson(String pathAndQuery, String context) {
    return getJsonAt(API + pathAndQuery, context);
  }

  /** GET of a path from the server's root (e.g. {@code /api/vigil/…}). */
  JsonNode getJsonAt(String absolutePathAndQuery, String context) {
    return parse(send("GET", absolutePathAndQuery, null, context, () -> false), context);
  }

  JsonNode postJson(String path, Object body, String context) {
    return postJsonAt(API + path, body, context);
  }

  /** POST to a path from the server's root (e.g. {@code /api/vigil/…}). */
  JsonNode postJsonAt(String absolutePath, Object body, String context) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new VigilClientException(context + ": cannot encode request", e);
    }
    return parse(send("POST", absolutePath, bytes, context, () -> false), context);
  }

  /**
   * A call to Vigil's own API ({@code /api/vigil/...}). An MLflow server has no such endpoints: its
   * 404 (an HTML page, or JSON without a Vigil error code) becomes a clear
   * {@link VigilClientException} saying the server is not Vigil.
   */
  JsonNode vigilJson(String method, String pathAndQuery, Object body, String context) {
    byte[] bytes = null;
    if (body != null) {
      try {
        bytes = JSON.writeValueAsBytes(body);
      } catch (IOException e) {
        throw new VigilClientException(context + ": cannot encode request", e);
      }
    }
    try {
      return parse(send(method, "/api/vigil/" + pathAndQuery, bytes, context, () -> false), context);
    } catch (VigilHttpException e) {
      boolean vigilAnswer = e.errorCode() != null && !e.errorCode().equals("ENDPOINT_NOT_FOUND");
      if ((e.status() == 404 || e.status() == 405) && !vigilAnswer) {
        throw new VigilClientException(context + ": the server at " + config.trackingUri()
            + " is not a Vigil server (it has no /api/vigil/" + pathAndQuery.replaceAll("\\?.*", "")
            + "); this call needs Vigil, the MLflow-compatible calls work with both", e);
      }
      throw e;
    }
  }

  private static JsonNode parse(Transport.Response r, String context) {
    try {
      return r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new VigilClientException(context + ": the server's answer is not JSON", e);
    }
  }
}
