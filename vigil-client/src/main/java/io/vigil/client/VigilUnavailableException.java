package io.vigil.client;

/**
 * The server could not be reached, or kept answering with transient errors (429, 502, 503, 504),
 * for the whole retry budget ({@link RetryPolicy#maxElapsed()}).
 */
public class VigilUnavailableException extends VigilClientException {
  private final int lastStatus;

  public VigilUnavailableException(String message, int lastStatus, Throwable cause) {
    super(message, cause);
    this.lastStatus = lastStatus;
  }

  /** The last HTTP status seen, or 0 when the last attempt got no response. */
  public int lastStatus() {
    return lastStatus;
  }
}
