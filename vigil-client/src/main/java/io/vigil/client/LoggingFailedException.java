package io.vigil.client;

import java.util.List;

/**
 * Thrown by {@code flush()} and {@code close()} when data logged earlier could not be stored. The
 * message leads with the first failure's server message; {@link #failures()} lists them all.
 */
public class LoggingFailedException extends VigilClientException {
  private final List<LogFailure> failures;

  public LoggingFailedException(List<LogFailure> failures) {
    super(describe(failures));
    this.failures = List.copyOf(failures);
  }

  private static String describe(List<LogFailure> failures) {
    String first = failures.get(0).toString();
    return failures.size() == 1 ? first : first + " (and " + (failures.size() - 1) + " more failures)";
  }

  /** Every failure since the previous flush, oldest first. */
  public List<LogFailure> failures() {
    return failures;
  }
}
