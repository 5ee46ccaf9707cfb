package io.vigil.metrics;

/**
 * Thrown when a metric or drift computation is given input it cannot be computed on: empty input,
 * length mismatch, NaN labels, probabilities outside [0, 1], a single class where the metric is
 * undefined, and so on. The message names the problem so that a CLI or REST caller can show it as is.
 */
public class InvalidInputException extends IllegalArgumentException {
  public InvalidInputException(String message) {
    super(message);
  }
}
