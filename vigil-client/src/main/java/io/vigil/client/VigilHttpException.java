package io.vigil.client;

/**
 * The server answered a request with an error status. {@link #getMessage()} contains the server's
 * own message; {@link #errorCode()} is MLflow's error code (e.g. {@code INVALID_PARAMETER_VALUE}),
 * or null when the body was not an MLflow error (for example an HTML page).
 */
public class VigilHttpException extends VigilClientException {
  private final int status;
  private final String errorCode;
  private final String serverMessage;

  public VigilHttpException(int status, String errorCode, String serverMessage, String context) {
    super(context + ": HTTP " + status + (errorCode == null ? "" : " " + errorCode) + ": " + serverMessage);
    this.status = status;
    this.errorCode = errorCode;
    this.serverMessage = serverMessage;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** MLflow's error code from the body, or null. */
  public String errorCode() {
    return errorCode;
  }

  /** The server's message as it sent it. */
  public String serverMessage() {
    return serverMessage;
  }
}
