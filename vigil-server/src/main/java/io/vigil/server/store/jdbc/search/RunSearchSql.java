package io.vigil.server.store.jdbc.search;

import io.vigil.server.tracking.search.Comparator;
import io.vigil.server.tracking.search.EntityType;
import io.vigil.server.tracking.search.FilterExpr;
import io.vigil.server.tracking.search.FilterValue;
import io.vigil.server.tracking.search.OrderByParser;
import io.vigil.server.tracking.search.OrderKey;
import io.vigil.server.tracking.search.SearchFilterParser;
import io.vigil.server.tracking.search.SearchSyntaxException;

import io.vigil.server.store.jdbc.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the WHERE condition and ORDER BY list of a runs/search query over {@code runs r}.
 *
 * <p>The caller composes {@code SELECT ... FROM runs r WHERE <own conditions> AND <where.sql> ORDER BY
 * <orderBy.sql> LIMIT ?}, binding its own arguments, then {@code where.args()}, then {@code orderBy.args()} in
 * placeholder order (see {@link SqlFragment#bind}). Metric, param and tag names and all values are bind parameters;
 * only whitelisted column names appear in the SQL text.
 *
 * <p>Filter semantics as MLflow: a comparison on a metric, param or tag the run does not have is false (also for
 * {@code !=} and NOT IN). A NaN metric (value NULL, is_nan = 1) satisfies only {@code !=}, as IEEE comparisons do.
 *
 * <p>Ordering as MLflow's SQL store: for metric keys, runs with a number come first (ascending or descending), then
 * runs whose metric is NaN, then runs without the metric; for params, tags and nullable attributes (end_time) runs
 * without a value come last in both directions. Ties are broken by start_time DESC then run_uuid ASC (each unless
 * already ordered by); with no order_by the order is start_time DESC, run_uuid ASC.
 */
public final class RunSearchSql {

  private static final Map<String, String> COLUMNS =
      Map.of(
          "run_id", "r.run_uuid",
          "run_name", "r.run_name",
          "user_id", "r.user_id",
          "status", "r.status",
          "artifact_uri", "r.artifact_uri",
          "lifecycle_stage", "r.lifecycle_stage",
          "start_time", "r.start_time",
          "end_time", "r.end_time");
  private static final Set<String> NUMERIC_COLUMNS = Set.of("start_time", "end_time");
  private static final Set<String> NULLABLE_COLUMNS = Set.of("end_time");

  private static final String METRIC_ROW = "FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND m.key = ?";

  private RunSearchSql() {}

  /** The WHERE condition for an optional filter; {@code 1 = 1} when there is none. */
  public static SqlFragment where(Optional<FilterExpr> filter, Dialect dialect) {
    return filter.map(f -> where(f, dialect)).orElse(SqlFragment.of("1 = 1"));
  }

  /** The WHERE condition for a filter (a parenthesised boolean expression over alias r). */
  public static SqlFragment where(FilterExpr filter, Dialect dialect) {
    return SqlConditions.translate(filter, c -> comparison(c, dialect));
  }

  /** Convenience: parses a filter string and builds its WHERE condition. */
  public static SqlFragment where(String filter, Dialect dialect) {
    return where(SearchFilterParser.parseRunFilter(filter), dialect);
  }

  private static SqlFragment comparison(FilterExpr.Comparison c, Dialect dialect) {
    List<Object> args = new ArrayList<>();
    String sql;
    switch (c.type()) {
      case METRIC: {
        args.add(c.key());
        double value = ((FilterValue.Number) c.value()).asDouble();
        String test = SqlConditions.compareNumber("m.value", c.comparator(), value, args);
        if (c.comparator() == Comparator.NE) {
          test = "(" + test + " OR m.is_nan = 1)";
        }
        sql = "EXISTS (SELECT 1 " + METRIC_ROW + " AND " + test + ")";
        break;
      }
      case PARAM:
      case TAG: {
        String table = c.type() == EntityType.PARAM ? "params" : "tags";
        args.add(c.key());
        String test = SqlConditions.compareText("kv.value", c.comparator(), c.value(), dialect, args);
        sql = "EXISTS (SELECT 1 FROM " + table + " kv WHERE kv.run_uuid = r.run_uuid AND kv.key = ? AND " + test + ")";
        break;
      }
      default: {
        String column = column(c.key());
        sql =
            NUMERIC_COLUMNS.contains(c.key())
                ? SqlConditions.compareNumber(column, c.comparator(), SqlConditions.number(c.value()), args)
                : SqlConditions.compareText(column, c.comparator(), c.value(), dialect, args);
      }
    }
    return new SqlFragment(sql, args);
  }

  /** The ORDER BY list (without the keywords ORDER BY) for parsed order_by keys; see the class comment. */
  public static SqlFragment orderBy(List<OrderKey> keys, Dialect dialect) {
    List<String> terms = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    boolean startTime = false;
    boolean runId = false;
    for (OrderKey key : keys) {
      String direction = key.ascending() ? " ASC" : " DESC";
      switch (key.type()) {
        case METRIC:
          terms.add("COALESCE((SELECT CASE WHEN m.is_nan = 1 THEN 1 ELSE 0 END " + METRIC_ROW + "), 2) ASC");
          terms.add("(SELECT m.value " + METRIC_ROW + ")" + direction);
          args.add(key.key());
          args.add(key.key());
          break;
        case PARAM:
        case TAG: {
          String table = key.type() == EntityType.PARAM ? "params" : "tags";
          String value = "(SELECT kv.value FROM " + table + " kv WHERE kv.run_uuid = r.run_uuid AND kv.key = ?)";
          terms.add("CASE WHEN " + value + " IS NULL THEN 1 ELSE 0 END ASC");
          terms.add(value + direction);
          args.add(key.key());
          args.add(key.key());
          break;
        }
        default: {
          String column = column(key.key());
          if (NULLABLE_COLUMNS.contains(key.key())) {
            terms.add("CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END ASC");
          }
          terms.add(column + direction);
          startTime |= key.key().equals("start_time");
          runId |= key.key().equals("run_id");
        }
      }
    }
    if (!startTime) {
      terms.add("r.start_time DESC");
    }
    if (!runId) {
      terms.add("r.run_uuid ASC");
    }
    return new SqlFragment(String.join(", ", terms), args);
  }

  /** Convenience: parses order_by clauses and builds the ORDER BY list. */
  public static SqlFragment orderByClauses(List<String> orderBy, Dialect dialect) {
    return orderBy(OrderByParser.parseRunOrderBy(orderBy), dialect);
  }

  private static String column(String attribute) {
    String column = COLUMNS.get(attribute);
    if (column == null) {
      throw new SearchSyntaxException("Unknown run attribute '" + attribute + "'");
    }
    return column;
  }
}
