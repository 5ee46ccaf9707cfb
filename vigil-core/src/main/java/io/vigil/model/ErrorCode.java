package io.vigil.model;

/** MLflow's error codes, with the HTTP status MLflow answers for each. */
public enum ErrorCode {
  INVALID_PARAMETER_VALUE(400),
  RESOURCE_DOES_NOT_EXIST(404),
  RESOURCE_ALREADY_EXISTS(400),
  ENDPOINT_NOT_FOUND(404),
  BAD_REQUEST(400),
  METHOD_NOT_ALLOWED(405),
  UNAUTHENTICATED(401),
  PERMISSION_DENIED(403),
  /** Too many requests (rate limit); answered with a Retry-After header. */
  REQUEST_LIMIT_EXCEEDED(429),
  TEMPORARILY_UNAVAILABLE(503),
  INTERNAL_ERROR(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
