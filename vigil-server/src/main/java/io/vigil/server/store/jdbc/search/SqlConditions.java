package io.vigil.server.store.jdbc.search;

import io.vigil.server.tracking.search.Comparator;
import io.vigil.server.tracking.search.FilterExpr;
import io.vigil.server.tracking.search.FilterValue;

import io.vigil.server.store.jdbc.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;

/** Shared SQL building: AND/OR composition and comparisons of a fixed column with bind parameters. */
final class SqlConditions {

  private SqlConditions() {}

  /** Translates AND/OR recursively, leaving each comparison to {@code leaf}. */
  static SqlFragment translate(FilterExpr expr, Function<FilterExpr.Comparison, SqlFragment> leaf) {
    if (expr instanceof FilterExpr.And and) {
      return group(" AND ", and.operands(), leaf);
    }
    if (expr instanceof FilterExpr.Or or) {
      return group(" OR ", or.operands(), leaf);
    }
    return leaf.apply((FilterExpr.Comparison) expr);
  }

  private static SqlFragment group(
      String operator, List<FilterExpr> operands, Function<FilterExpr.Comparison, SqlFragment> leaf) {
    List<SqlFragment> parts = new ArrayList<>();
    for (FilterExpr operand : operands) {
      parts.add(translate(operand, leaf));
    }
    SqlFragment joined = SqlFragment.join(operator, parts);
    return new SqlFragment("(" + joined.sql() + ")", joined.args());
  }

  /**
   * {@code column <comparator> ?} for a string comparison; {@code column} must be fixed SQL text from a whitelist.
   * Values go to {@code args}.
   */
  static String compareText(String column, Comparator comparator, FilterValue value, Dialect dialect, List<Object> args) {
    switch (comparator) {
      case IN:
      case NOT_IN:
        List<String> values = ((FilterValue.TextList) value).values();
        StringJoiner placeholders = new StringJoiner(", ", "(", ")");
        for (String v : values) {
          placeholders.add("?");
          args.add(v);
        }
        return column + (comparator == Comparator.IN ? " IN " : " NOT IN ") + placeholders;
      case ILIKE:
        args.add(text(value));
        return dialect.ilike(column, "?");
      case LIKE:
        args.add(text(value));
        return dialect.like(column, "?");
      case EQ:
        args.add(text(value));
        return column + " = ?";
      case NE:
        args.add(text(value));
        return column + " <> ?";
      default:
        throw new IllegalArgumentException("Comparator " + comparator + " does not apply to strings");
    }
  }

  /** {@code column <comparator> ?} for a numeric comparison; the value is bound as a Long or Double. */
  static String compareNumber(String column, Comparator comparator, Object bindValue, List<Object> args) {
    if (!Comparator.NUMERIC.contains(comparator)) {
      throw new IllegalArgumentException("Comparator " + comparator + " does not apply to numbers");
    }
    args.add(bindValue);
    return column + " " + (comparator == Comparator.NE ? "<>" : comparator.symbol()) + " ?";
  }

  private static String text(FilterValue value) {
    if (value instanceof FilterValue.Text t) {
      return t.value();
    }
    throw new IllegalArgumentException("Expected a string value, got " + value);
  }

  static Object number(FilterValue value) {
    if (value instanceof FilterValue.Number n) {
      return n.asBindValue();
    }
    throw new IllegalArgumentException("Expected a numeric value, got " + value);
  }
}
