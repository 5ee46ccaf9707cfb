package io.vigil.server.tracking.search;

/** A search filter or order_by clause that cannot be parsed or is not allowed; the message says what is wrong and where. */
public class SearchSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a user-facing message. */
  public SearchSyntaxException(String message) {
    super(message);
  }
}
