package io.vigil.server.store.jdbc;

import io.vigil.model.VigilException;
import io.vigil.model.ViewType;
import java.util.ArrayList;
import java.util.List;

/** Builds the WHERE and ORDER BY of run and experiment searches as parameterised SQL. */
final class RunQueries {
  /** A SQL fragment and its bind arguments, in order. */
  record Sql(String sql, List<Object> args) {}

  private final Dialect dialect;

  RunQueries(Dialect dialect) {
    this.dialect = dialect;
  }

  Sql runWhere(List<Long> experimentIds, ViewType viewType, String filter) {
    List<Object> args = new ArrayList<>(experimentIds);
    StringBuilder sql = new StringBuilder("r.experiment_id IN (" + JdbcTrackingStore.placeholders(experimentIds.size()) + ")");
    sql.append(lifecycle("r", viewType));
    if (filter != null && !filter.isBlank()) {
      throw VigilException.invalid("filter is not supported yet");
    }
    return new Sql(sql.toString(), args);
  }

  Sql runOrderBy(List<String> orderBy) {
    if (orderBy != null && !orderBy.isEmpty()) throw VigilException.invalid("order_by is not supported yet");
    return new Sql("r.start_time DESC, r.run_uuid ASC", List.of());
  }

  Sql experimentWhere(String filter, ViewType viewType) {
    if (filter != null && !filter.isBlank()) throw VigilException.invalid("filter is not supported yet");
    return new Sql("1 = 1" + lifecycle("e", viewType), List.of());
  }

  String experimentOrderBy(List<String> orderBy) {
    return "e.last_update_time DESC, e.experiment_id ASC";
  }

  private static String lifecycle(String alias, ViewType viewType) {
    return switch (viewType) {
      case ACTIVE_ONLY -> " AND " + alias + ".lifecycle_stage = 'active'";
      case DELETED_ONLY -> " AND " + alias + ".lifecycle_stage = 'deleted'";
      case ALL -> "";
    };
  }
}
