package io.vigil.server.store.jdbc;

import io.vigil.model.VigilException;
import io.vigil.model.ViewType;
import io.vigil.server.store.ReadableBy;
import io.vigil.server.tracking.search.EntityType;
import io.vigil.server.store.jdbc.search.ExperimentSearchSql;
import io.vigil.server.tracking.search.OrderByParser;
import io.vigil.server.tracking.search.OrderKey;
import io.vigil.server.store.jdbc.search.RunSearchSql;
import io.vigil.server.tracking.search.SearchSyntaxException;
import io.vigil.server.store.jdbc.search.SqlFragment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The WHERE and ORDER BY of run and experiment searches as parameterised SQL: the store's own
 * conditions (experiments, lifecycle) plus the translated filter grammar.
 */
final class RunQueries {
  /** A SQL fragment and its bind arguments, in order. */
  record Sql(String sql, List<Object> args) {}

  private final Dialect dialect;

  RunQueries(Dialect dialect) {
    this.dialect = dialect;
  }

  Sql runWhere(List<Long> experimentIds, ViewType viewType, String filter) {
    return runWhere(experimentIds, viewType, filter, null);
  }

  Sql runWhere(List<Long> experimentIds, ViewType viewType, String filter, ReadableBy readableBy) {
    List<Object> args = new ArrayList<>(experimentIds);
    String sql = "r.experiment_id IN (" + JdbcTrackingStore.placeholders(experimentIds.size()) + ")" + lifecycle("r", viewType)
        + readable("r", readableBy, args);
    SqlFragment f = translated(() -> RunSearchSql.where(filter, dialect));
    args.addAll(f.args());
    return new Sql(sql + " AND " + f.sql(), args);
  }

  Sql runOrderBy(List<String> orderBy) {
    SqlFragment f = translated(() -> RunSearchSql.orderByClauses(orderBy == null ? List.of() : orderBy, dialect));
    return new Sql(f.sql(), f.args());
  }

  /**
   * When the first order key is a metric, the runs/search page is read in two parts that use the
   * latest-value index instead of looking up every run (100× faster on 10,000 runs): first the runs
   * with a numeric value, scanned in the index's order; then, only if the page is not full, the runs
   * where that metric is NaN and then missing (MLflow's order). Empty when this does not apply.
   */
  java.util.Optional<MetricFirstOrder> metricFirstOrder(List<String> orderBy) {
    List<OrderKey> keys = translated(() -> OrderByParser.parseRunOrderBy(orderBy == null ? List.of() : orderBy));
    if (keys.isEmpty() || keys.get(0).type() != EntityType.METRIC) return java.util.Optional.empty();
    OrderKey first = keys.get(0);
    SqlFragment rest = RunSearchSql.orderBy(keys.subList(1, keys.size()), dialect);
    return java.util.Optional.of(new MetricFirstOrder(first.key(), first.ascending(), new Sql(rest.sql(), rest.args())));
  }

  /** See {@link #metricFirstOrder}; {@code rest} orders runs with equal values of the metric. */
  record MetricFirstOrder(String key, boolean ascending, Sql rest) {
    /** Runs with a numeric value of the metric, in its order: from the index on (key, value). */
    String numericSql(String where) {
      return "SELECT r.run_uuid FROM latest_metrics o CROSS JOIN runs r WHERE o.key = ? AND o.is_nan = 0"
          + " AND r.run_uuid = o.run_uuid AND " + where + " ORDER BY o.value " + (ascending ? "ASC" : "DESC")
          + ", " + rest.sql() + " LIMIT ? OFFSET ?";
    }

    String numericCountSql(String where) {
      return "SELECT count(*) FROM latest_metrics o CROSS JOIN runs r WHERE o.key = ? AND o.is_nan = 0"
          + " AND r.run_uuid = o.run_uuid AND " + where;
    }

    /** The other runs: NaN first, then those without the metric. */
    String othersSql(String where) {
      return "SELECT r.run_uuid FROM runs r WHERE " + where
          + " AND NOT EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND m.key = ? AND m.is_nan = 0)"
          + " ORDER BY CASE WHEN EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND m.key = ?)"
          + " THEN 0 ELSE 1 END, " + rest.sql() + " LIMIT ? OFFSET ?";
    }
  }

  Sql experimentWhere(String filter, ViewType viewType) {
    return experimentWhere(filter, viewType, null);
  }

  Sql experimentWhere(String filter, ViewType viewType, ReadableBy readableBy) {
    List<Object> args = new ArrayList<>();
    String sql = "1 = 1" + lifecycle("e", viewType) + readable("e", readableBy, args);
    SqlFragment f = translated(() -> ExperimentSearchSql.where(filter, dialect));
    args.addAll(f.args());
    return new Sql(sql + " AND " + f.sql(), args);
  }

  /**
   * The condition that keeps only experiments {@code readableBy} may read (empty when null): a READ,
   * EDIT or MANAGE grant, or no grant at all when the default permission includes READ. Adds its
   * arguments to {@code args}.
   */
  private static String readable(String alias, ReadableBy readableBy, List<Object> args) {
    if (readableBy == null) return "";
    args.add(readableBy.username());
    String granted = alias + ".experiment_id IN (SELECT p.experiment_id FROM experiment_permissions p"
        + " WHERE p.username = ? AND p.permission IN ('READ', 'EDIT', 'MANAGE'))";
    if (!readableBy.defaultRead()) return " AND " + granted;
    args.add(readableBy.username());
    return " AND (" + granted + " OR " + alias + ".experiment_id NOT IN (SELECT p.experiment_id FROM"
        + " experiment_permissions p WHERE p.username = ?))";
  }

  Sql experimentOrderBy(List<String> orderBy) {
    SqlFragment f = translated(() -> ExperimentSearchSql.orderByClauses(orderBy == null ? List.of() : orderBy, dialect));
    return new Sql(f.sql(), f.args());
  }

  private static <T> T translated(Supplier<T> build) {
    try {
      return build.get();
    } catch (SearchSyntaxException e) {
      throw VigilException.invalid(e.getMessage());
    }
  }

  private static String lifecycle(String alias, ViewType viewType) {
    return switch (viewType) {
      case ACTIVE_ONLY -> " AND " + alias + ".lifecycle_stage = 'active'";
      case DELETED_ONLY -> " AND " + alias + ".lifecycle_stage = 'deleted'";
      case ALL -> "";
    };
  }
}
