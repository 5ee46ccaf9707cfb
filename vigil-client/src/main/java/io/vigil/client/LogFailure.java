package io.vigil.client;

/**
 * Data the background sender could not deliver: a permanent error (HTTP 400/404) or transient errors
 * that outlasted the retry budget. Passed to {@link ClientConfig#failureListener()} and collected
 * into the {@link LoggingFailedException} thrown by the next {@code flush()} or {@code close()}.
 *
 * @param runId the run the data belonged to
 * @param metrics how many metric points were lost
 * @param paramsAndTags how many params and tags were lost
 * @param status the HTTP status, or 0 when no response came (connection errors, timeouts)
 * @param errorCode MLflow's error code, or null
 * @param message the server's message, or the transport error
 */
public record LogFailure(String runId, int metrics, int paramsAndTags, int status, String errorCode, String message) {

  /** Whether the server refused the data (as opposed to never answering). */
  public boolean permanent() {
    return status >= 400 && status < 500 && status != 429;
  }

  @Override
  public String toString() {
    return "run " + runId + ": " + metrics + " metric points and " + paramsAndTags + " params/tags not stored: "
        + (status == 0 ? "" : "HTTP " + status + " ") + (errorCode == null ? "" : errorCode + " ") + message;
  }
}
