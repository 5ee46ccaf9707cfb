package io.vigil.server.store.jdbc;

import io.vigil.series.SeriesPoints;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Imports an MLflow 2.x tracking database (the schema MLflow's SQLAlchemy store creates, on SQLite
 * or PostgreSQL) into a Vigil store: experiments (with tags), runs (with params and tags) and full
 * metric histories, keeping experiment and run ids so MLflow links and client code keep working.
 *
 * <p>Idempotent and resumable: rows already imported are skipped and metric points already stored
 * are de-duplicated by the series writer, so running it again completes an interrupted import.
 * The destination may be new or hold only Vigil's default experiment 0 (replaced by MLflow's).
 * Registered models, model versions, their tags and aliases (MLflow ≥ 2.3) are imported too.
 */
public final class MlflowImporter {
  /** Counts in the MLflow source and in the Vigil destination after the import. */
  public record Report(Map<String, Long> source, Map<String, Long> destination, long registeredModels,
      long modelVersions) {
    public List<String> differences() {
      List<String> d = new ArrayList<>();
      for (Map.Entry<String, Long> e : source.entrySet()) {
        if (!e.getValue().equals(destination.get(e.getKey()))) {
          d.add(e.getKey() + ": MLflow " + e.getValue() + ", Vigil " + destination.get(e.getKey()));
        }
      }
      return d;
    }
  }

  private final Database mlflow;
  private final Database vigil;

  public MlflowImporter(Database mlflow, Database vigil) {
    this.mlflow = mlflow;
    this.vigil = vigil;
  }

  /** Checks that {@code db} looks like an MLflow tracking database; throws a user-facing message otherwise. */
  public static void requireMlflowSchema(Database db) {
    db.read(c -> {
      for (String t : List.of("alembic_version", "experiments", "runs", "metrics", "params", "tags")) {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + t + " WHERE 1 = 0")) {
          ps.executeQuery().close();
        } catch (SQLException e) {
          throw new IllegalArgumentException("--from is not an MLflow tracking database (no table " + t + ")");
        }
      }
      return null;
    });
  }

  public Report run(Consumer<String> progress) {
    requireMlflowSchema(mlflow);
    importExperiments();
    progress.accept("experiments");
    importRuns();
    progress.accept("runs, params and tags");
    importMetrics(progress);
    boolean registry = mlflow.read(c -> hasTable(c, "registered_models"));
    if (registry) {
      importRegistry();
      progress.accept("registered models and versions");
    }
    Map<String, Long> source = mlflow.read(c -> {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("experiments", count(c, "SELECT COUNT(*) FROM experiments"));
      m.put("runs", count(c, "SELECT COUNT(*) FROM runs"));
      m.put("params", count(c, "SELECT COUNT(*) FROM params"));
      m.put("tags", count(c, "SELECT COUNT(*) FROM tags"));
      m.put("metric points", count(c, "SELECT COUNT(*) FROM metrics"));
      if (registry) {
        m.put("registered models", count(c, "SELECT COUNT(*) FROM registered_models"));
        m.put("model versions", count(c, "SELECT COUNT(*) FROM model_versions"));
      }
      return m;
    });
    Map<String, Long> dest = StoreStatistics.counts(vigil);
    dest.remove("metric series");
    dest.remove("metric chunks");
    if (registry) {
      dest.putAll(vigil.read(c -> Map.of(
          "registered models", count(c, "SELECT COUNT(*) FROM registered_models"),
          "model versions", count(c, "SELECT COUNT(*) FROM model_versions"))));
    }
    long models = mlflow.read(c -> optionalCount(c, "registered_models"));
    long versions = mlflow.read(c -> optionalCount(c, "model_versions"));
    return new Report(source, dest, models, versions);
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static boolean hasTable(Connection c, String table) {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE 1 = 0")) {
      ps.executeQuery().close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Rows of {@code sql} as arrays, or none when the table does not exist (older MLflow schemas). */
  private static List<Object[]> rows(Connection c, String table, String sql, int columns) throws SQLException {
    List<Object[]> out = new ArrayList<>();
    if (!hasTable(c, table)) return out;
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Object[] row = new Object[columns];
        for (int i = 0; i < columns; i++) row[i] = rs.getObject(i + 1);
        out.add(row);
      }
    }
    return out;
  }

  /** Registered models and versions keep their names and numbers, so models:/ URIs still resolve. */
  private void importRegistry() {
    List<Object[]> models = new ArrayList<>();
    List<Object[]> versions = new ArrayList<>();
    List<Object[]> modelTags = new ArrayList<>();
    List<Object[]> versionTags = new ArrayList<>();
    List<Object[]> aliases = new ArrayList<>();
    mlflow.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT m.name, m.creation_time, m.last_updated_time, m.description,"
          + " (SELECT MAX(v.version) FROM model_versions v WHERE v.name = m.name) FROM registered_models m");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          models.add(new Object[] {rs.getString(1), number(rs, "creation_time", 0), number(rs, "last_updated_time", 0),
              text(rs, "description", ""), rs.getLong(5)});
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM model_versions ORDER BY name, version");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          versions.add(new Object[] {rs.getString("name"), rs.getInt("version"), number(rs, "creation_time", 0),
              number(rs, "last_updated_time", 0), text(rs, "user_id", ""), text(rs, "current_stage", "None"),
              text(rs, "description", ""), text(rs, "source", ""), rs.getString("run_id"), text(rs, "status", "READY"),
              text(rs, "status_message", ""), text(rs, "run_link", "")});
        }
      }
      modelTags.addAll(rows(c, "registered_model_tags", "SELECT name, key, value FROM registered_model_tags", 3));
      versionTags.addAll(rows(c, "model_version_tags", "SELECT name, version, key, value FROM model_version_tags", 4));
      aliases.addAll(rows(c, "registered_model_aliases", "SELECT name, alias, version FROM registered_model_aliases", 3));
      return null;
    });
    vigil.write(c -> {
      insertAll(c, "INSERT INTO registered_models (name, creation_time, last_updated_time, description, last_version)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING", models);
      insertAll(c, "INSERT INTO model_versions (name, version, creation_time, last_updated_time, user_id, current_stage,"
          + " description, source, run_id, status, status_message, run_link) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (name, version) DO NOTHING", versions);
      insertAll(c, "INSERT INTO registered_model_tags (name, key, value) VALUES (?, ?, ?) ON CONFLICT (name, key) DO NOTHING",
          modelTags);
      insertAll(c, "INSERT INTO model_version_tags (name, version, key, value) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (name, version, key) DO NOTHING", versionTags);
      insertAll(c, "INSERT INTO registered_model_aliases (name, alias, version) VALUES (?, ?, ?)"
          + " ON CONFLICT (name, alias) DO NOTHING", aliases);
      return null;
    });
  }

  private static long optionalCount(Connection c, String table) {
    try {
      return count(c, "SELECT COUNT(*) FROM " + table);
    } catch (SQLException e) {
      return 0; // older MLflow schemas have no registry tables
    }
  }

  private static String text(ResultSet rs, String column, String ifNull) throws SQLException {
    String v = rs.getString(column);
    return v == null ? ifNull : v;
  }

  private static long number(ResultSet rs, String column, long ifNull) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? ifNull : v;
  }

  private void importExperiments() {
    List<Object[]> experiments = new ArrayList<>();
    List<Object[]> tags = new ArrayList<>();
    mlflow.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM experiments ORDER BY experiment_id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          experiments.add(new Object[] {rs.getLong("experiment_id"), rs.getString("name"), text(rs, "artifact_location", ""),
              text(rs, "lifecycle_stage", "active"), number(rs, "creation_time", 0), number(rs, "last_update_time", 0)});
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT experiment_id, key, value FROM experiment_tags");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) tags.add(new Object[] {rs.getLong(1), rs.getString(2), text(rs, "value", "")});
      }
      return null;
    });
    vigil.write(c -> {
      // Vigil's own default experiment 0 (created when a server first opened the store) gives way to MLflow's.
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)"
              + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (experiment_id) DO UPDATE SET name = excluded.name,"
              + " artifact_location = excluded.artifact_location, lifecycle_stage = excluded.lifecycle_stage,"
              + " creation_time = excluded.creation_time, last_update_time = excluded.last_update_time")) {
        for (Object[] e : experiments) {
          for (int i = 0; i < e.length; i++) ps.setObject(i + 1, e[i]);
          ps.executeUpdate();
        }
      } catch (SQLException e) {
        if (vigil.dialect().isUniqueViolation(e)) {
          throw new IllegalArgumentException("the destination already holds an experiment with a name MLflow uses for"
              + " another id; import into a new Vigil store");
        }
        throw e;
      }
      insertAll(c, "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)"
          + " ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value", tags);
      if (vigil.dialect() == Dialect.POSTGRESQL) {
        try (PreparedStatement ps = c.prepareStatement("SELECT setval(pg_get_serial_sequence('experiments', 'experiment_id'),"
            + " GREATEST((SELECT COALESCE(MAX(experiment_id), 0) FROM experiments), 1))")) {
          ps.executeQuery().close();
        }
      }
      return null;
    });
  }

  private static void insertAll(Connection c, String sql, List<Object[]> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int n = 0;
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          if (row[i] == null) ps.setNull(i + 1, java.sql.Types.BIGINT);
          else ps.setObject(i + 1, row[i]);
        }
        ps.addBatch();
        if (++n % 1000 == 0) ps.executeBatch();
      }
      ps.executeBatch();
    }
  }

  private void importRuns() {
    List<Object[]> runs = new ArrayList<>();
    List<Object[]> params = new ArrayList<>();
    List<Object[]> tags = new ArrayList<>();
    mlflow.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM runs ORDER BY run_uuid"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long end = rs.getLong("end_time");
          Long endTime = rs.wasNull() ? null : end;
          long del = rs.getLong("deleted_time");
          Long deleted = rs.wasNull() ? null : del;
          runs.add(new Object[] {rs.getString("run_uuid"), rs.getLong("experiment_id"), text(rs, "name", ""),
              text(rs, "user_id", ""), text(rs, "status", "RUNNING"), number(rs, "start_time", 0), endTime,
              text(rs, "lifecycle_stage", "active"), text(rs, "artifact_uri", ""), deleted});
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT run_uuid, key, value FROM params"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) params.add(new Object[] {rs.getString(1), rs.getString(2), text(rs, "value", "")});
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT run_uuid, key, value FROM tags"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) tags.add(new Object[] {rs.getString(1), rs.getString(2), text(rs, "value", "")});
      }
      return null;
    });
    vigil.write(c -> {
      insertAll(c, "INSERT INTO runs (run_uuid, experiment_id, run_name, user_id, status, start_time, end_time,"
          + " lifecycle_stage, artifact_uri, deleted_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", runs);
      insertAll(c, "INSERT INTO params (run_uuid, key, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", params);
      insertAll(c, "INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?)"
          + " ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value", tags);
      return null;
    });
  }

  /** Streams metrics ordered by series and appends each series (de-duplicated) with its latest value. */
  private void importMetrics(Consumer<String> progress) {
    long total = mlflow.read(c -> count(c, "SELECT COUNT(*) FROM metrics"));
    long[] done = {0};
    mlflow.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT run_uuid, key, step, timestamp, value, is_nan FROM metrics ORDER BY run_uuid, key")) {
        ps.setFetchSize(10_000); // PostgreSQL streams instead of loading the table
        try (ResultSet rs = ps.executeQuery()) {
          String run = null;
          String key = null;
          SeriesPoints points = new SeriesPoints(64);
          while (rs.next()) {
            String r = rs.getString(1);
            String k = rs.getString(2);
            if (run != null && (!r.equals(run) || !k.equals(key))) {
              writeSeries(run, key, points);
              done[0] += points.size();
              progress.accept(String.format("metric points %,d/%,d", done[0], total));
              points = new SeriesPoints(64);
            }
            run = r;
            key = k;
            boolean nan = rs.getBoolean(6);
            points.add(rs.getLong(3), rs.getLong(4), nan ? Double.NaN : rs.getDouble(5));
          }
          if (run != null) writeSeries(run, key, points);
        }
      }
      return null;
    });
  }

  private void writeSeries(String runId, String key, SeriesPoints points) {
    SeriesPoints sorted = points.sortAndDeduplicate();
    vigil.write(c -> {
      vigil.dialect().lockSeries(c, runId, key);
      MetricSeriesWriter.append(c, runId, key, sorted);
      int last = sorted.size() - 1;
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO latest_metrics (run_uuid, key, value, is_nan, step, timestamp) VALUES (?, ?, ?, ?, ?, ?)"
              + " ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value, is_nan = excluded.is_nan,"
              + " step = excluded.step, timestamp = excluded.timestamp")) {
        ps.setString(1, runId);
        ps.setString(2, key);
        MetricSeriesWriter.setDoubleOrNull(ps, 3, sorted.value(last));
        ps.setInt(4, Double.isNaN(sorted.value(last)) ? 1 : 0);
        ps.setLong(5, sorted.step(last));
        ps.setLong(6, sorted.timestamp(last));
        ps.executeUpdate();
      }
      return null;
    });
  }
}
