package io.vigil.metrics.evaluation;

import io.vigil.metrics.InvalidInputException;
import java.util.Locale;

/** What kind of model an evaluation is for. */
public enum EvaluationTask {
  BINARY,
  MULTICLASS,
  REGRESSION;

  public static EvaluationTask parse(String s) {
    if (s == null) throw new InvalidInputException("task is required: binary, multiclass or regression");
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("unknown task '" + s + "': expected binary, multiclass or regression");
    }
  }
}
