package io.vigil.server.store.jdbc;

import io.vigil.model.VigilException;
import io.vigil.model.ViewType;
import io.vigil.server.tracking.search.ExperimentSearchSql;
import io.vigil.server.tracking.search.RunSearchSql;
import io.vigil.server.tracking.search.SearchSyntaxException;
import io.vigil.server.tracking.search.SqlFragment;
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
    List<Object> args = new ArrayList<>(experimentIds);
    String sql = "r.experiment_id IN (" + JdbcTrackingStore.placeholders(experimentIds.size()) + ")" + lifecycle("r", viewType);
    SqlFragment f = translated(() -> RunSearchSql.where(filter, dialect));
    args.addAll(f.args());
    return new Sql(sql + " AND " + f.sql(), args);
  }

  Sql runOrderBy(List<String> orderBy) {
    SqlFragment f = translated(() -> RunSearchSql.orderByClauses(orderBy == null ? List.of() : orderBy, dialect));
    return new Sql(f.sql(), f.args());
  }

  Sql experimentWhere(String filter, ViewType viewType) {
    SqlFragment f = translated(() -> ExperimentSearchSql.where(filter, dialect));
    return new Sql("1 = 1" + lifecycle("e", viewType) + " AND " + f.sql(), f.args());
  }

  Sql experimentOrderBy(List<String> orderBy) {
    SqlFragment f = translated(() -> ExperimentSearchSql.orderByClauses(orderBy == null ? List.of() : orderBy, dialect));
    return new Sql(f.sql(), f.args());
  }

  private static SqlFragment translated(Supplier<SqlFragment> build) {
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
