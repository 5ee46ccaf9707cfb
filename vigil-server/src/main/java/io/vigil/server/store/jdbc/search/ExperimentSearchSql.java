package io.vigil.server.store.jdbc.search;

import io.vigil.server.tracking.search.EntityType;
import io.vigil.server.tracking.search.FilterExpr;
import io.vigil.server.tracking.search.OrderByParser;
import io.vigil.server.tracking.search.OrderKey;
import io.vigil.server.tracking.search.SearchFilterParser;
import io.vigil.server.tracking.search.SearchSyntaxException;

import io.vigil.server.store.jdbc.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the WHERE condition and ORDER BY list of an experiments/search query over {@code experiments e}.
 *
 * <p>The caller composes {@code SELECT ... FROM experiments e WHERE <lifecycle condition> AND <where.sql> ORDER BY
 * <orderBy.sql> LIMIT ?}, binding its own arguments, then {@code where.args()}, then {@code orderBy.args()}.
 * Filterable attributes: name (string), experiment_id (string, compared with its decimal text; unquoted integers are
 * accepted), creation_time and last_update_time (numeric); {@code tags.<key>} filters experiment tags (absent tag =
 * false). Ordering as MLflow's SQL store: default creation_time DESC, experiment_id ASC; otherwise the given keys then
 * experiment_id DESC unless experiment_id is among them.
 */
public final class ExperimentSearchSql {

  private static final Map<String, String> COLUMNS =
      Map.of(
          "name", "e.name",
          "experiment_id", "e.experiment_id",
          "creation_time", "e.creation_time",
          "last_update_time", "e.last_update_time");

  private ExperimentSearchSql() {}

  /** The WHERE condition for an optional filter; {@code 1 = 1} when there is none. */
  public static SqlFragment where(Optional<FilterExpr> filter, Dialect dialect) {
    return filter.map(f -> where(f, dialect)).orElse(SqlFragment.of("1 = 1"));
  }

  /** The WHERE condition for a filter (a parenthesised boolean expression over alias e). */
  public static SqlFragment where(FilterExpr filter, Dialect dialect) {
    return SqlConditions.translate(filter, c -> comparison(c, dialect));
  }

  /** Convenience: parses a filter string and builds its WHERE condition. */
  public static SqlFragment where(String filter, Dialect dialect) {
    return where(SearchFilterParser.parseExperimentFilter(filter), dialect);
  }

  private static SqlFragment comparison(FilterExpr.Comparison c, Dialect dialect) {
    List<Object> args = new ArrayList<>();
    String sql;
    switch (c.type()) {
      case TAG: {
        args.add(c.key());
        String test = SqlConditions.compareText("t.value", c.comparator(), c.value(), dialect, args);
        sql =
            "EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = ? AND "
                + test + ")";
        break;
      }
      case ATTRIBUTE:
        switch (c.key()) {
          case "creation_time":
          case "last_update_time":
            sql = SqlConditions.compareNumber(column(c.key()), c.comparator(), SqlConditions.number(c.value()), args);
            break;
          case "experiment_id":
            sql = SqlConditions.compareText("CAST(e.experiment_id AS TEXT)", c.comparator(), c.value(), dialect, args);
            break;
          default:
            sql = SqlConditions.compareText(column(c.key()), c.comparator(), c.value(), dialect, args);
        }
        break;
      default:
        throw new SearchSyntaxException("Experiments cannot be filtered by " + c.type().name().toLowerCase(java.util.Locale.ROOT) + "s");
    }
    return new SqlFragment(sql, args);
  }

  /** The ORDER BY list (without the keywords ORDER BY) for parsed order_by keys. */
  public static SqlFragment orderBy(List<OrderKey> keys, Dialect dialect) {
    List<OrderKey> effective = keys;
    if (effective.isEmpty()) {
      effective =
          List.of(
              new OrderKey(EntityType.ATTRIBUTE, "creation_time", false),
              new OrderKey(EntityType.ATTRIBUTE, "experiment_id", true));
    }
    List<String> terms = new ArrayList<>();
    boolean experimentId = false;
    for (OrderKey key : effective) {
      if (key.type() != EntityType.ATTRIBUTE) {
        throw new SearchSyntaxException("Invalid order_by entity: experiments can only be ordered by attributes");
      }
      terms.add(column(key.key()) + (key.ascending() ? " ASC" : " DESC"));
      experimentId |= key.key().equals("experiment_id");
    }
    if (!experimentId) {
      terms.add("e.experiment_id DESC");
    }
    return SqlFragment.of(String.join(", ", terms));
  }

  /** Convenience: parses order_by clauses and builds the ORDER BY list. */
  public static SqlFragment orderByClauses(List<String> orderBy, Dialect dialect) {
    return orderBy(OrderByParser.parseExperimentOrderBy(orderBy), dialect);
  }

  private static String column(String attribute) {
    String column = COLUMNS.get(attribute);
    if (column == null) {
      throw new SearchSyntaxException("Unknown experiment attribute '" + attribute + "'");
    }
    return column;
  }
}
