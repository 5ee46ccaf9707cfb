package io.vigil.server.tracking.search;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A comparison operator of the filter grammar. */
public enum Comparator {
  /** Equal. */
  EQ("="),
  /** Not equal. */
  NE("!="),
  /** Less than. */
  LT("<"),
  /** Less than or equal. */
  LE("<="),
  /** Greater than. */
  GT(">"),
  /** Greater than or equal. */
  GE(">="),
  /** SQL LIKE pattern (% and _), case-sensitive. */
  LIKE("LIKE"),
  /** LIKE ignoring case. */
  ILIKE("ILIKE"),
  /** Equal to one of a list. */
  IN("IN"),
  /** Equal to none of a list. */
  NOT_IN("NOT IN");

  /** Comparators allowed for metrics and numeric attributes. */
  public static final Set<Comparator> NUMERIC = EnumSet.of(EQ, NE, LT, LE, GT, GE);
  /** Comparators allowed for params, tags and string attributes. */
  public static final Set<Comparator> STRING = EnumSet.of(EQ, NE, LIKE, ILIKE, IN, NOT_IN);

  private final String symbol;

  Comparator(String symbol) {
    this.symbol = symbol;
  }

  /** The comparator as written in a filter (and, for the symbolic ones, in SQL). */
  public String symbol() {
    return symbol;
  }

  /** Whether the right-hand side is a list of values. */
  public boolean takesList() {
    return this == IN || this == NOT_IN;
  }

  /** The symbolic comparator (=, !=, <, <=, >, >=) with this spelling, if any. */
  static Optional<Comparator> symbolic(String text) {
    for (Comparator c : NUMERIC) {
      if (c.symbol.equals(text)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  static String describe(Set<Comparator> set) {
    StringBuilder sb = new StringBuilder();
    for (Comparator c : set) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(c.symbol);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return symbol.toUpperCase(Locale.ROOT);
  }
}
