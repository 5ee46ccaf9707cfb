package io.vigil.server.tracking.search;

import java.math.BigDecimal;
import java.util.List;

/** The right-hand side of a comparison. */
public sealed interface FilterValue {

  /** A quoted string value (quotes removed). */
  record Text(String value) implements FilterValue {}

  /** A numeric literal; {@code text} is as written in the filter. */
  record Number(BigDecimal value, String text) implements FilterValue {
    /** The value as a double (metrics). */
    public double asDouble() {
      return value.doubleValue();
    }

    /** The value as a JDBC bind value: a Long when it is a whole number that fits, otherwise a Double. */
    public Object asBindValue() {
      try {
        return value.longValueExact();
      } catch (ArithmeticException notIntegral) {
        return value.doubleValue();
      }
    }
  }

  /** A non-empty parenthesised list of strings, for IN and NOT IN. */
  record TextList(List<String> values) implements FilterValue {
    /** Copies the list. */
    public TextList {
      values = List.copyOf(values);
    }
  }
}
