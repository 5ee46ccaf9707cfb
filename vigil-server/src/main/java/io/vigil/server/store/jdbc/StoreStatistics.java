package io.vigil.server.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** Row counts of a tracking store, for {@code vigil db info} and for verifying copies. */
public final class StoreStatistics {
  private StoreStatistics() {}

  /** Counts by name, in a fixed order; empty when the schema has not been created yet. */
  public static Map<String, Long> counts(Database db) {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("experiments", "SELECT COUNT(*) FROM experiments");
    queries.put("runs", "SELECT COUNT(*) FROM runs");
    queries.put("params", "SELECT COUNT(*) FROM params");
    queries.put("tags", "SELECT COUNT(*) FROM tags");
    queries.put("metric series", "SELECT COUNT(*) FROM latest_metrics");
    queries.put("metric points", "SELECT COALESCE(SUM(point_count), 0) FROM metric_chunks");
    queries.put("metric chunks", "SELECT COUNT(*) FROM metric_chunks");
    return db.read(c -> {
      Map<String, Long> out = new LinkedHashMap<>();
      try (ResultSet tables = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
        boolean found = false;
        while (tables.next()) found |= tables.getString("TABLE_NAME").equalsIgnoreCase("metric_chunks");
        if (!found) return out;
      }
      for (Map.Entry<String, String> q : queries.entrySet()) {
        try (PreparedStatement ps = c.prepareStatement(q.getValue()); ResultSet rs = ps.executeQuery()) {
          rs.next();
          out.put(q.getKey(), rs.getLong(1));
        }
      }
      return out;
    });
  }
}
