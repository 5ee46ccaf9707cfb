package io.vigil.client;

/** The base of every exception the SDK throws. */
public class VigilClientException extends RuntimeException {
  public VigilClientException(String message) {
    super(message);
  }

  public VigilClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
