package io.vigil.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Copies a whole tracking store between databases of either dialect (e.g. SQLite to PostgreSQL),
 * table by table in foreign-key order, in primary-key order with keyset pages. Ids are kept. Rows
 * already in the destination are skipped ({@code ON CONFLICT DO NOTHING}), so an interrupted copy
 * is resumed by running it again; {@link #verify} then compares row counts table by table.
 */
public final class StoreCopier {
  /** Tables in foreign-key order, with their primary-key columns. */
  static final Map<String, List<String>> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("experiments", List.of("experiment_id"));
    TABLES.put("experiment_tags", List.of("experiment_id", "key"));
    TABLES.put("runs", List.of("run_uuid"));
    TABLES.put("params", List.of("run_uuid", "key"));
    TABLES.put("tags", List.of("run_uuid", "key"));
    TABLES.put("latest_metrics", List.of("run_uuid", "key"));
    TABLES.put("metric_chunks", List.of("chunk_id"));
  }

  /** Progress: rows copied (or found already copied) so far, of the total. */
  public record Progress(String table, long done, long total) {}

  private static final int PAGE = 1000;

  private final Database from;
  private final Database to;

  public StoreCopier(Database from, Database to) {
    this.from = from;
    this.to = to;
  }

  /** Row counts of every table in a database. */
  public static Map<String, Long> tableCounts(Database db) {
    return db.read(c -> {
      Map<String, Long> out = new LinkedHashMap<>();
      for (String t : TABLES.keySet()) {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + t); ResultSet rs = ps.executeQuery()) {
          rs.next();
          out.put(t, rs.getLong(1));
        }
      }
      return out;
    });
  }

  /** Copies every table; reports progress after each page. */
  public void copy(Consumer<Progress> progress) {
    Map<String, Long> totals = tableCounts(from);
    long total = totals.values().stream().mapToLong(Long::longValue).sum();
    long done = 0;
    for (Map.Entry<String, List<String>> table : TABLES.entrySet()) {
      done = copyTable(table.getKey(), table.getValue(), done, total, progress);
    }
    if (to.dialect() == Dialect.POSTGRESQL) {
      // Explicit ids were inserted: move the identity sequences past them.
      to.write(c -> {
        for (String[] t : new String[][] {{"experiments", "experiment_id"}, {"metric_chunks", "chunk_id"}}) {
          try (PreparedStatement ps = c.prepareStatement("SELECT setval(pg_get_serial_sequence('" + t[0] + "', '" + t[1]
              + "'), GREATEST((SELECT COALESCE(MAX(" + t[1] + "), 0) FROM " + t[0] + "), 1))")) {
            ps.executeQuery().close();
          }
        }
        return null;
      });
    }
  }

  private long copyTable(String table, List<String> key, long done, long total, Consumer<Progress> progress) {
    List<Object> after = null;
    while (true) {
      List<Object> cursor = after;
      Page page = from.read(c -> readPage(c, table, key, cursor));
      if (page.rows().isEmpty()) return done;
      to.write(c -> {
        insert(c, table, page);
        return null;
      });
      done += page.rows().size();
      progress.accept(new Progress(table, done, total));
      Object[] last = page.rows().get(page.rows().size() - 1);
      after = new ArrayList<>();
      for (String k : key) after.add(last[page.columns().indexOf(k)]);
    }
  }

  private record Page(List<String> columns, List<Object[]> rows) {}

  private static Page readPage(Connection c, String table, List<String> key, List<Object> after) throws SQLException {
    String order = String.join(", ", key);
    String where = "";
    if (after != null) {
      where = key.size() == 1 ? " WHERE " + key.get(0) + " > ?"
          : " WHERE (" + key.get(0) + " > ? OR (" + key.get(0) + " = ? AND " + key.get(1) + " > ?))";
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + where + " ORDER BY " + order + " LIMIT " + PAGE)) {
      if (after != null) {
        ps.setObject(1, after.get(0));
        if (key.size() == 2) {
          ps.setObject(2, after.get(0));
          ps.setObject(3, after.get(1));
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) columns.add(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
          Object[] row = new Object[columns.size()];
          for (int i = 0; i < row.length; i++) row[i] = rs.getObject(i + 1);
          rows.add(row);
        }
        return new Page(columns, rows);
      }
    }
  }

  private static void insert(Connection c, String table, Page page) throws SQLException {
    String cols = String.join(", ", page.columns());
    String sql = "INSERT INTO " + table + " (" + cols + ") VALUES ("
        + JdbcTrackingStore.placeholders(page.columns().size()) + ") ON CONFLICT DO NOTHING";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Object[] row : page.rows()) {
        for (int i = 0; i < row.length; i++) {
          Object v = row[i];
          if (v == null) ps.setNull(i + 1, java.sql.Types.NULL);
          else if (v instanceof Integer n) ps.setLong(i + 1, n); // SQLite returns small INTEGERs as Integer
          else ps.setObject(i + 1, v);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Table-by-table differences in row counts between source and destination; empty when they match. */
  public List<String> verify() {
    Map<String, Long> a = tableCounts(from);
    Map<String, Long> b = tableCounts(to);
    List<String> diffs = new ArrayList<>();
    for (String t : TABLES.keySet()) {
      if (!a.get(t).equals(b.get(t))) diffs.add(t + ": source " + a.get(t) + " rows, destination " + b.get(t));
    }
    return diffs;
  }
}
