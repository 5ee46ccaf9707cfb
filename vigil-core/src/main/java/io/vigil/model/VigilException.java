package io.vigil.model;

/**
 * The one exception type for errors a client can act on; its {@link ErrorCode} decides the HTTP
 * status and the MLflow error body. Messages are shown to clients as they are: never put SQL,
 * stack traces or internal paths in them.
 */
public class VigilException extends RuntimeException {
  private final ErrorCode code;

  public VigilException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static VigilException invalid(String message) {
    return new VigilException(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }

  public static VigilException notFound(String message) {
    return new VigilException(ErrorCode.RESOURCE_DOES_NOT_EXIST, message);
  }

  public static VigilException alreadyExists(String message) {
    return new VigilException(ErrorCode.RESOURCE_ALREADY_EXISTS, message);
  }
}
