package io.vigil.server.store.jdbc;

import io.vigil.model.Experiment;
import io.vigil.model.ExperimentTag;
import io.vigil.model.LifecycleStage;
import io.vigil.model.Metric;
import io.vigil.model.Param;
import io.vigil.model.Run;
import io.vigil.model.RunData;
import io.vigil.model.RunInfo;
import io.vigil.model.RunStatus;
import io.vigil.model.RunTag;
import io.vigil.model.VigilException;
import io.vigil.model.ViewType;
import io.vigil.series.ChunkCodec;
import io.vigil.series.SeriesPoints;
import io.vigil.server.store.ExperimentSearch;
import io.vigil.server.store.ExperimentStats;
import io.vigil.server.store.MetricHistoryInterval;
import io.vigil.server.store.NewRun;
import io.vigil.server.store.Page;
import io.vigil.server.store.PageTokens;
import io.vigil.server.store.RunSearch;
import io.vigil.server.store.SeriesBuckets;
import io.vigil.server.store.XAxis;
import io.vigil.server.store.TrackingStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/** {@link TrackingStore} on JDBC; the SQL here is shared by SQLite and PostgreSQL. */
public final class JdbcTrackingStore implements TrackingStore {
  static final String MLFLOW_RUN_NAME_TAG = "mlflow.runName";
  private static final String RUN_COLUMNS =
      "r.run_uuid, r.run_name, r.experiment_id, r.user_id, r.status, r.start_time, r.end_time,"
          + " r.artifact_uri, r.lifecycle_stage";

  private final Database db;
  private final String defaultArtifactRoot;
  private final Clock clock;
  private final RunQueries runQueries;

  public JdbcTrackingStore(Database db, String defaultArtifactRoot, Clock clock) {
    this.db = db;
    this.defaultArtifactRoot = stripTrailingSlash(defaultArtifactRoot);
    this.clock = clock;
    this.runQueries = new RunQueries(db.dialect());
    ensureDefaultExperiment();
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }

  private void ensureDefaultExperiment() {
    long now = clock.millis();
    db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c, 
          "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time,"
              + " last_update_time) VALUES (0, 'Default', ?, 'active', ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, defaultArtifactRoot + "/0");
        ps.setLong(2, now);
        ps.setLong(3, now);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public io.vigil.server.store.TransactionTimings timings() {
    return db.timings();
  }

  @Override
  public void check() {
    db.read(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c, "SELECT 1")) {
        ps.executeQuery().close();
      }
      return null;
    });
  }

  // ------------------------------------------------------------------ experiments

  @Override
  public String createExperiment(String name, String artifactLocation, List<ExperimentTag> tags) {
    long now = clock.millis();
    return db.write(c -> {
      if (experimentIdByName(c, name).isPresent()) {
        throw VigilException.alreadyExists("Experiment(name=" + name + ") already exists.");
      }
      long id;
      try (PreparedStatement ps = StatementCache.prepare(c, 
          "INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time)"
              + " VALUES (?, ?, 'active', ?, ?) RETURNING experiment_id")) {
        ps.setString(1, name);
        ps.setString(2, artifactLocation == null ? "" : artifactLocation);
        ps.setLong(3, now);
        ps.setLong(4, now);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
      } catch (SQLException e) {
        if (db.dialect().isUniqueViolation(e)) {
          throw VigilException.alreadyExists("Experiment(name=" + name + ") already exists.");
        }
        throw e;
      }
      if (artifactLocation == null) {
        try (PreparedStatement ps = StatementCache.prepare(c, 
            "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?")) {
          ps.setString(1, defaultArtifactRoot + "/" + id);
          ps.setLong(2, id);
          ps.executeUpdate();
        }
      }
      for (ExperimentTag t : tags) upsertExperimentTag(c, id, t);
      return Long.toString(id);
    });
  }

  private static Optional<Long> experimentIdByName(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, "SELECT experiment_id FROM experiments WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /** Experiment ids are decimal strings on the wire; anything else names no experiment. */
  static Optional<Long> parseExperimentId(String id) {
    if (id == null || !id.matches("-?\\d{1,18}")) return Optional.empty();
    return Optional.of(Long.parseLong(id));
  }

  @Override
  public Optional<Experiment> getExperiment(String experimentId) {
    Optional<Long> id = parseExperimentId(experimentId);
    if (id.isEmpty()) return Optional.empty();
    return db.read(c -> loadExperiments(c, "WHERE e.experiment_id = ?", List.of(id.get())).stream().findFirst());
  }

  @Override
  public Optional<Experiment> getExperimentByName(String name) {
    return db.read(c -> loadExperiments(c, "WHERE e.name = ?", List.of(name)).stream().findFirst());
  }

  private List<Experiment> loadExperiments(Connection c, String whereAndOrder, List<Object> args)
      throws SQLException {
    Map<Long, Experiment> byId = new LinkedHashMap<>();
    try (PreparedStatement ps = StatementCache.prepare(c, 
        "SELECT e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time,"
            + " e.last_update_time FROM experiments e " + whereAndOrder)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          byId.put(id, new Experiment(Long.toString(id), rs.getString(2), rs.getString(3),
              LifecycleStage.fromWire(rs.getString(4)), rs.getLong(5), rs.getLong(6), new ArrayList<>()));
        }
      }
    }
    if (byId.isEmpty()) return List.of();
    for (List<Long> ids : partition(new ArrayList<>(byId.keySet()))) {
      try (PreparedStatement ps = StatementCache.prepare(c, 
          "SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN (" + placeholders(ids.size())
              + ") ORDER BY experiment_id, key")) {
        bind(ps, new ArrayList<>(ids));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) byId.get(rs.getLong(1)).tags().add(new ExperimentTag(rs.getString(2), rs.getString(3)));
        }
      }
    }
    return new ArrayList<>(byId.values());
  }

  @Override
  public Page<Experiment> searchExperiments(ExperimentSearch search) {
    long offset = PageTokens.offset(search.pageToken());
    RunQueries.Sql where = runQueries.experimentWhere(search.filter(), search.viewType(), search.readableBy());
    RunQueries.Sql order = runQueries.experimentOrderBy(search.orderBy());
    List<Object> args = new ArrayList<>(where.args());
    args.addAll(order.args());
    args.add(search.maxResults() + 1);
    args.add(offset);
    return db.read(c -> {
      List<Experiment> found = loadExperiments(c, "WHERE " + where.sql() + " ORDER BY " + order.sql() + " LIMIT ? OFFSET ?", args);
      return page(found, search.maxResults(), offset);
    });
  }

  private static <T> Page<T> page(List<T> found, int maxResults, long offset) {
    if (found.size() > maxResults) {
      return new Page<>(found.subList(0, maxResults), PageTokens.offsetToken(offset + maxResults));
    }
    return new Page<>(found, null);
  }

  @Override
  public void renameExperiment(String experimentId, String newName) {
    long id = requireExperimentId(experimentId);
    db.write(c -> {
      Experiment e = activeExperiment(c, id, "rename");
      if (!e.name().equals(newName) && experimentIdByName(c, newName).isPresent()) {
        throw VigilException.alreadyExists("Experiment(name=" + newName + ") already exists.");
      }
      try (PreparedStatement ps = StatementCache.prepare(c, 
          "UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?")) {
        ps.setString(1, newName);
        ps.setLong(2, clock.millis());
        ps.setLong(3, id);
        ps.executeUpdate();
      } catch (SQLException ex) {
        if (db.dialect().isUniqueViolation(ex)) {
          throw VigilException.alreadyExists("Experiment(name=" + newName + ") already exists.");
        }
        throw ex;
      }
      return null;
    });
  }

  @Override
  public void setExperimentLifecycle(String experimentId, LifecycleStage stage) {
    long id = requireExperimentId(experimentId);
    if (id == 0 && stage == LifecycleStage.DELETED) {
      throw VigilException.invalid("Cannot delete the default experiment '0'. This is an internally reserved experiment.");
    }
    db.write(c -> {
      Experiment e = experiment(c, id);
      if (stage == LifecycleStage.ACTIVE && e.lifecycleStage() == LifecycleStage.ACTIVE) {
        throw VigilException.invalid("Cannot restore an active experiment.");
      }
      if (stage == LifecycleStage.DELETED && e.lifecycleStage() == LifecycleStage.DELETED) {
        throw VigilException.invalid("The experiment " + experimentId + " must be in the 'active' state. Current state is deleted.");
      }
      long now = clock.millis();
      try (PreparedStatement ps = StatementCache.prepare(c, 
          "UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?")) {
        ps.setString(1, stage.wire());
        ps.setLong(2, now);
        ps.setLong(3, id);
        ps.executeUpdate();
      }
      // As MLflow: deleting an experiment deletes its runs; restoring it restores them.
      try (PreparedStatement ps = StatementCache.prepare(c, 
          "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE experiment_id = ? AND lifecycle_stage = ?")) {
        ps.setString(1, stage.wire());
        if (stage == LifecycleStage.DELETED) ps.setLong(2, now);
        else ps.setNull(2, java.sql.Types.BIGINT);
        ps.setLong(3, id);
        ps.setString(4, stage == LifecycleStage.DELETED ? "active" : "deleted");
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void setExperimentTag(String experimentId, ExperimentTag tag) {
    long id = requireExperimentId(experimentId);
    db.write(c -> {
      activeExperiment(c, id, "set a tag on");
      upsertExperimentTag(c, id, tag);
      return null;
    });
  }

  private void upsertExperimentTag(Connection c, long id, ExperimentTag t) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, 
        "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)"
            + " ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value")) {
      ps.setLong(1, id);
      ps.setString(2, t.key());
      ps.setString(3, t.value());
      ps.executeUpdate();
    }
  }

  private static long requireExperimentId(String experimentId) {
    return parseExperimentId(experimentId)
        .orElseThrow(() -> VigilException.notFound("No Experiment with id=" + experimentId + " exists"));
  }

  private Experiment experiment(Connection c, long id) throws SQLException {
    return loadExperiments(c, "WHERE e.experiment_id = ?", List.of(id)).stream()
        .findFirst()
        .orElseThrow(() -> VigilException.notFound("No Experiment with id=" + id + " exists"));
  }

  private Experiment activeExperiment(Connection c, long id, String action) throws SQLException {
    Experiment e = experiment(c, id);
    if (e.lifecycleStage() != LifecycleStage.ACTIVE) {
      throw VigilException.invalid("The experiment " + id + " must be in the 'active' state. Current state is deleted.");
    }
    return e;
  }

  // ------------------------------------------------------------------ runs

  @Override
  public Run createRun(NewRun run) {
    long expId = requireExperimentId(run.experimentId());
    String runId = UUID.randomUUID().toString().replace("-", "");
    return db.write(c -> {
      Experiment e = activeExperiment(c, expId, "create a run in");
      String artifactUri = stripTrailingSlash(e.artifactLocation()) + "/" + runId + "/artifacts";
      try (PreparedStatement ps = StatementCache.prepare(c, 
          "INSERT INTO runs (run_uuid, experiment_id, run_name, user_id, status, start_time, end_time,"
              + " lifecycle_stage, artifact_uri) VALUES (?, ?, ?, ?, 'RUNNING', ?, NULL, 'active', ?)")) {
        ps.setString(1, runId);
        ps.setLong(2, expId);
        ps.setString(3, run.runName());
        ps.setString(4, run.userId());
        ps.setLong(5, run.startTime());
        ps.setString(6, artifactUri);
        ps.executeUpdate();
      }
      List<RunTag> tags = new ArrayList<>();
      for (RunTag t : run.tags()) if (!t.key().equals(MLFLOW_RUN_NAME_TAG)) tags.add(t);
      tags.add(new RunTag(MLFLOW_RUN_NAME_TAG, run.runName()));
      upsertTags(c, runId, tags);
      return loadRuns(c, List.of(runId)).get(0);
    });
  }

  @Override
  public Optional<Run> getRun(String runId) {
    return db.read(c -> loadRuns(c, List.of(runId)).stream().findFirst());
  }

  @Override
  public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
    return db.write(c -> {
      activeRun(c, runId);
      // Only the given fields are written, in one statement: concurrent updates of different fields
      // (from several servers) do not undo each other.
      try (PreparedStatement ps = StatementCache.prepare(c, 
          "UPDATE runs SET status = COALESCE(?, status), end_time = COALESCE(?, end_time),"
              + " run_name = COALESCE(?, run_name) WHERE run_uuid = ?")) {
        if (status == null) ps.setNull(1, java.sql.Types.VARCHAR);
        else ps.setString(1, status.name());
        if (endTime == null) ps.setNull(2, java.sql.Types.BIGINT);
        else ps.setLong(2, endTime);
        if (runName == null) ps.setNull(3, java.sql.Types.VARCHAR);
        else ps.setString(3, runName);
        ps.setString(4, runId);
        ps.executeUpdate();
      }
      if (runName != null) upsertTags(c, runId, List.of(new RunTag(MLFLOW_RUN_NAME_TAG, runName)));
      return runInfo(c, runId).orElseThrow();
    });
  }

  @Override
  public void setRunLifecycle(String runId, LifecycleStage stage) {
    db.write(c -> {
      runInfo(c, runId).orElseThrow(() -> runNotFound(runId));
      try (PreparedStatement ps = StatementCache.prepare(c, 
          "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_uuid = ?")) {
        ps.setString(1, stage.wire());
        if (stage == LifecycleStage.DELETED) ps.setLong(2, clock.millis());
        else ps.setNull(2, java.sql.Types.BIGINT);
        ps.setString(3, runId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    // Group and sort outside the write lock: the single SQLite writer is the bottleneck. Series,
    // params and tags are written in key order so concurrent batches (several servers on one
    // PostgreSQL) take their row and series locks in the same order and cannot deadlock.
    Map<String, SeriesPoints> series = new java.util.TreeMap<>();
    for (Metric m : metrics) {
      series.computeIfAbsent(m.key(), k -> new SeriesPoints(8)).add(m.step(), m.timestamp(), m.value());
    }
    for (SeriesPoints p : series.values()) p.sortAndDeduplicate();
    db.write(c -> {
      activeRun(c, runId);
      if (!params.isEmpty()) insertParams(c, runId, params);
      if (!tags.isEmpty()) {
        upsertTags(c, runId, sortedByKey(tags));
        for (RunTag t : tags) {
          if (t.key().equals(MLFLOW_RUN_NAME_TAG)) {
            try (PreparedStatement ps = StatementCache.prepare(c, "UPDATE runs SET run_name = ? WHERE run_uuid = ?")) {
              ps.setString(1, t.value());
              ps.setString(2, runId);
              ps.executeUpdate();
            }
          }
        }
      }
      for (Map.Entry<String, SeriesPoints> e : series.entrySet()) {
        db.dialect().lockSeries(c, runId, e.getKey());
        MetricSeriesWriter.append(c, runId, e.getKey(), e.getValue());
        updateLatest(c, runId, e.getKey(), e.getValue());
      }
      return null;
    });
  }

  private void insertParams(Connection c, String runId, List<Param> params) throws SQLException {
    Map<String, String> existing = new HashMap<>();
    List<String> keys = params.stream().map(Param::key).toList();
    for (List<String> part : partition(keys)) {
      try (PreparedStatement ps = StatementCache.prepare(c, 
          "SELECT key, value FROM params WHERE run_uuid = ? AND key IN (" + placeholders(part.size()) + ")")) {
        ps.setString(1, runId);
        for (int i = 0; i < part.size(); i++) ps.setString(i + 2, part.get(i));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) existing.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    List<String> changed = new ArrayList<>();
    List<Param> fresh = new ArrayList<>();
    for (Param p : params) {
      String old = existing.get(p.key());
      if (old == null) fresh.add(p);
      else if (!old.equals(p.value())) {
        changed.add("{'key': '" + p.key() + "', 'old_value': '" + old + "', 'new_value': '" + p.value() + "'}");
      }
    }
    if (!changed.isEmpty()) {
      throw VigilException.invalid("Changing param values is not allowed. Params were already logged='"
          + changed + "' for run ID='" + runId + "'.");
    }
    if (fresh.isEmpty()) return;
    fresh.sort(java.util.Comparator.comparing(Param::key));
    // Another server may insert the same keys between the SELECT above and this INSERT: DO NOTHING
    // waits for it, skips those rows, and they are compared below, so a different value is still
    // rejected and the same value is accepted (logging a param is idempotent).
    int[] inserted;
    try (PreparedStatement ps = StatementCache.prepare(c, 
        "INSERT INTO params (run_uuid, key, value) VALUES (?, ?, ?) ON CONFLICT (run_uuid, key) DO NOTHING")) {
      for (Param p : fresh) {
        ps.setString(1, runId);
        ps.setString(2, p.key());
        ps.setString(3, p.value());
        ps.addBatch();
      }
      inserted = ps.executeBatch();
    }
    List<Param> raced = new ArrayList<>();
    for (int i = 0; i < fresh.size(); i++) {
      if (i >= inserted.length || inserted[i] != 1) raced.add(fresh.get(i));
    }
    if (raced.isEmpty()) return;
    try (PreparedStatement ps = StatementCache.prepare(c, "SELECT value FROM params WHERE run_uuid = ? AND key = ?")) {
      for (Param p : raced) {
        ps.setString(1, runId);
        ps.setString(2, p.key());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && !rs.getString(1).equals(p.value())) {
            changed.add("{'key': '" + p.key() + "', 'old_value': '" + rs.getString(1) + "', 'new_value': '"
                + p.value() + "'}");
          }
        }
      }
    }
    if (!changed.isEmpty()) {
      throw VigilException.invalid("Changing param values is not allowed. Params were already logged='"
          + changed + "' for run ID='" + runId + "'.");
    }
  }

  private static List<RunTag> sortedByKey(List<RunTag> tags) {
    List<RunTag> sorted = new ArrayList<>(tags);
    sorted.sort(java.util.Comparator.comparing(RunTag::key)); // stable: the last of equal keys still wins
    return sorted;
  }

  private static void upsertTags(Connection c, String runId, List<RunTag> tags) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, 
        "INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?)"
            + " ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value")) {
      for (RunTag t : tags) {
        ps.setString(1, runId);
        ps.setString(2, t.key());
        ps.setString(3, t.value());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Keeps latest_metrics at the greatest point of the series by (step, timestamp, value). */
  private static void updateLatest(Connection c, String runId, String key, SeriesPoints p) throws SQLException {
    int last = p.size() - 1;
    long step = p.step(last);
    long time = p.timestamp(last);
    double value = p.value(last);
    try (PreparedStatement ps = StatementCache.prepare(c, 
        "INSERT INTO latest_metrics (run_uuid, key, value, is_nan, step, timestamp) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value, is_nan = excluded.is_nan,"
            + " step = excluded.step, timestamp = excluded.timestamp"
            // only when the new point is greater in (step, timestamp, value) order; NaN is the greatest value
            + " WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step"
            + " AND (excluded.timestamp > latest_metrics.timestamp OR (excluded.timestamp = latest_metrics.timestamp"
            + " AND ((excluded.is_nan = 1 AND latest_metrics.is_nan = 0)"
            + " OR (excluded.is_nan = 0 AND latest_metrics.is_nan = 0 AND excluded.value > latest_metrics.value)))))")) {
      ps.setString(1, runId);
      ps.setString(2, key);
      MetricSeriesWriter.setDoubleOrNull(ps, 3, value);
      ps.setInt(4, Double.isNaN(value) ? 1 : 0);
      ps.setLong(5, step);
      ps.setLong(6, time);
      ps.executeUpdate();
    }
  }

  @Override
  public void deleteTag(String runId, String key) {
    db.write(c -> {
      activeRun(c, runId);
      try (PreparedStatement ps = StatementCache.prepare(c, "DELETE FROM tags WHERE run_uuid = ? AND key = ?")) {
        ps.setString(1, runId);
        ps.setString(2, key);
        if (ps.executeUpdate() == 0) {
          throw VigilException.notFound("No tag with name: " + key + " in run with id " + runId);
        }
      }
      return null;
    });
  }

  @Override
  public Page<Run> searchRuns(RunSearch search) {
    long offset = PageTokens.offset(search.pageToken());
    List<Long> expIds = new ArrayList<>();
    for (String id : search.experimentIds()) parseExperimentId(id).ifPresent(expIds::add);
    if (expIds.isEmpty()) return new Page<>(List.of(), null);
    RunQueries.Sql where = runQueries.runWhere(expIds, search.viewType(), search.filter(), search.readableBy());
    var metricFirst = runQueries.metricFirstOrder(search.orderBy());
    if (metricFirst.isPresent()) {
      return db.read(c -> {
        Page<String> idPage = page(metricFirstIds(c, where, metricFirst.get(), search.maxResults() + 1, offset),
            search.maxResults(), offset);
        return new Page<>(loadRuns(c, idPage.items()), idPage.nextPageToken());
      });
    }
    RunQueries.Sql order = runQueries.runOrderBy(search.orderBy());
    List<Object> args = new ArrayList<>(where.args());
    args.addAll(order.args());
    args.add(search.maxResults() + 1);
    args.add(offset);
    String sql = "SELECT r.run_uuid FROM runs r WHERE " + where.sql() + " ORDER BY " + order.sql() + " LIMIT ? OFFSET ?";
    return db.read(c -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement ps = StatementCache.prepare(c, sql)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) ids.add(rs.getString(1));
        }
      }
      Page<String> idPage = page(ids, search.maxResults(), offset);
      return new Page<>(loadRuns(c, idPage.items()), idPage.nextPageToken());
    });
  }

  /** Up to {@code limit} run ids from {@code offset} of a search ordered first by a metric. */
  private static List<String> metricFirstIds(Connection c, RunQueries.Sql where, RunQueries.MetricFirstOrder order,
      int limit, long offset) throws SQLException {
    List<String> ids = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    args.add(order.key());
    args.addAll(where.args());
    args.addAll(order.rest().args());
    args.add(limit);
    args.add(offset);
    try (PreparedStatement ps = StatementCache.prepare(c, order.numericSql(where.sql()))) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) ids.add(rs.getString(1));
      }
    }
    if (ids.size() == limit) return ids;
    long numeric; // how many runs the numeric part has in all, to place the page in the rest
    if (!ids.isEmpty() || offset == 0) {
      numeric = offset + ids.size();
    } else {
      List<Object> countArgs = new ArrayList<>();
      countArgs.add(order.key());
      countArgs.addAll(where.args());
      try (PreparedStatement ps = StatementCache.prepare(c, order.numericCountSql(where.sql()))) {
        bind(ps, countArgs);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          numeric = rs.getLong(1);
        }
      }
    }
    List<Object> restArgs = new ArrayList<>(where.args());
    restArgs.add(order.key());
    restArgs.add(order.key());
    restArgs.addAll(order.rest().args());
    restArgs.add(limit - ids.size());
    restArgs.add(Math.max(0, offset - numeric));
    try (PreparedStatement ps = StatementCache.prepare(c, order.othersSql(where.sql()))) {
      bind(ps, restArgs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private RunInfo activeRun(Connection c, String runId) throws SQLException {
    RunInfo info = runInfo(c, runId).orElseThrow(() -> runNotFound(runId));
    if (info.lifecycleStage() != LifecycleStage.ACTIVE) {
      throw VigilException.invalid("The run " + runId + " must be in the 'active' state. Current state is deleted.");
    }
    return info;
  }

  static VigilException runNotFound(String runId) {
    return VigilException.notFound("Run with id=" + runId + " not found");
  }

  private static Optional<RunInfo> runInfo(Connection c, String runId) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, "SELECT " + RUN_COLUMNS + " FROM runs r WHERE r.run_uuid = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(runInfo(rs)) : Optional.empty();
      }
    }
  }

  private static RunInfo runInfo(ResultSet rs) throws SQLException {
    long end = rs.getLong(7);
    Long endTime = rs.wasNull() ? null : end;
    return new RunInfo(rs.getString(1), rs.getString(2), Long.toString(rs.getLong(3)), rs.getString(4),
        RunStatus.valueOf(rs.getString(5)), rs.getLong(6), endTime, rs.getString(8),
        LifecycleStage.fromWire(rs.getString(9)));
  }

  /** Loads full runs (info, latest metrics, params, tags) in the order of {@code runIds}. */
  private static List<Run> loadRuns(Connection c, List<String> runIds) throws SQLException {
    Map<String, RunInfo> infos = new HashMap<>();
    Map<String, List<Metric>> metrics = new HashMap<>();
    Map<String, List<Param>> params = new HashMap<>();
    Map<String, List<RunTag>> tags = new HashMap<>();
    for (List<String> part : partition(runIds)) {
      String in = placeholders(part.size());
      List<Object> args = new ArrayList<>(part);
      try (PreparedStatement ps = StatementCache.prepare(c, "SELECT " + RUN_COLUMNS + " FROM runs r WHERE r.run_uuid IN (" + in + ")")) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) infos.put(rs.getString(1), runInfo(rs));
        }
      }
      try (PreparedStatement ps = StatementCache.prepare(c, 
          "SELECT run_uuid, key, value, is_nan, timestamp, step FROM latest_metrics WHERE run_uuid IN (" + in + ") ORDER BY key")) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            double v = rs.getInt(4) != 0 ? Double.NaN : rs.getDouble(3);
            metrics.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new Metric(rs.getString(2), v, rs.getLong(5), rs.getLong(6)));
          }
        }
      }
      try (PreparedStatement ps = StatementCache.prepare(c, 
          "SELECT run_uuid, key, value FROM params WHERE run_uuid IN (" + in + ") ORDER BY key")) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) params.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Param(rs.getString(2), rs.getString(3)));
        }
      }
      try (PreparedStatement ps = StatementCache.prepare(c, 
          "SELECT run_uuid, key, value FROM tags WHERE run_uuid IN (" + in + ") ORDER BY key")) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new RunTag(rs.getString(2), rs.getString(3)));
        }
      }
    }
    List<Run> runs = new ArrayList<>();
    for (String id : runIds) {
      RunInfo info = infos.get(id);
      if (info == null) continue;
      runs.add(new Run(info, new RunData(metrics.getOrDefault(id, List.of()), params.getOrDefault(id, List.of()),
          tags.getOrDefault(id, List.of()))));
    }
    return runs;
  }

  // ------------------------------------------------------------------ metric histories

  @Override
  public Page<Metric> getMetricHistory(String runId, String key, int maxResults, String pageToken) {
    long offset = PageTokens.offset(pageToken);
    return db.read(c -> {
      runInfo(c, runId).orElseThrow(() -> runNotFound(runId));
      List<Metric> out = new ArrayList<>();
      long skip = offset;
      long total = 0;
      // One pass over the series' chunks in order; a chunk wholly before the page is skipped by its
      // count without reading its blob.
      try (PreparedStatement ps = StatementCache.prepare(c,
          "SELECT point_count, data FROM metric_chunks WHERE run_uuid = ? AND key = ?"
              + " ORDER BY first_step, first_time, chunk_id")) {
        ps.setString(1, runId);
        ps.setString(2, key);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int count = rs.getInt(1);
            total += count;
            if (skip >= count) {
              skip -= count;
              continue;
            }
            if (out.size() >= maxResults) continue; // keep counting for the next-page decision
            SeriesPoints p = ChunkCodec.decode(rs.getBytes(2));
            for (int i = (int) skip; i < p.size() && out.size() < maxResults; i++) {
              out.add(new Metric(key, p.value(i), p.timestamp(i), p.step(i)));
            }
            skip = 0;
          }
        }
      }
      long next = offset + out.size();
      return new Page<>(out, next < total ? PageTokens.offsetToken(next) : null);
    });
  }

  @Override
  public List<MetricHistoryInterval> getMetricHistoryBulkInterval(
      List<String> runIds, String key, int maxResults, Long startStep, Long endStep) {
    return db.read(c -> {
      List<MetricHistoryInterval> out = new ArrayList<>();
      for (String runId : runIds) {
        runInfo(c, runId).orElseThrow(() -> runNotFound(runId));
        SeriesPoints all = new SeriesPoints(64);
        try (PreparedStatement ps = StatementCache.prepare(c, 
            "SELECT data FROM metric_chunks WHERE run_uuid = ? AND key = ?"
                + " AND last_step >= ? AND first_step <= ? ORDER BY first_step, first_time, chunk_id")) {
          ps.setString(1, runId);
          ps.setString(2, key);
          ps.setLong(3, startStep == null ? Long.MIN_VALUE : startStep);
          ps.setLong(4, endStep == null ? Long.MAX_VALUE : endStep);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) ChunkCodec.decodeInto(rs.getBytes(1), all);
          }
        }
        TreeSet<Long> steps = new TreeSet<>();
        for (int i = 0; i < all.size(); i++) {
          long s = all.step(i);
          if ((startStep == null || s >= startStep) && (endStep == null || s <= endStep)) steps.add(s);
        }
        TreeSet<Long> chosen = sampleSteps(new ArrayList<>(steps), maxResults);
        // One point per chosen step: the last one in (step, timestamp) order.
        for (int i = 0; i < all.size(); i++) {
          boolean lastOfStep = i + 1 == all.size() || all.step(i + 1) != all.step(i);
          if (lastOfStep && chosen.contains(all.step(i))) {
            out.add(new MetricHistoryInterval(runId, new Metric(key, all.value(i), all.timestamp(i), all.step(i))));
          }
        }
      }
      return out;
    });
  }

  @Override
  public List<ExperimentStats> experimentStats(List<String> experimentIds) {
    List<Long> ids = new ArrayList<>();
    for (String id : experimentIds) parseExperimentId(id).ifPresent(ids::add);
    return db.read(c -> {
      Map<Long, ExperimentStats> found = new HashMap<>();
      for (List<Long> part : partition(ids)) {
        try (PreparedStatement ps = StatementCache.prepare(c, 
            "SELECT experiment_id, COUNT(*), MAX(CASE WHEN end_time IS NOT NULL AND end_time > start_time"
                + " THEN end_time ELSE start_time END) FROM runs WHERE lifecycle_stage = 'active' AND experiment_id IN ("
                + placeholders(part.size()) + ") GROUP BY experiment_id")) {
          bind(ps, new ArrayList<>(part));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              found.put(rs.getLong(1), new ExperimentStats(Long.toString(rs.getLong(1)), rs.getLong(2), rs.getLong(3)));
            }
          }
        }
      }
      List<ExperimentStats> out = new ArrayList<>();
      for (String id : experimentIds) {
        ExperimentStats s = parseExperimentId(id).map(found::get).orElse(null);
        out.add(s != null ? s : new ExperimentStats(id, 0, null));
      }
      return out;
    });
  }

  @Override
  public List<SeriesBuckets> downsampleSeries(List<String> runIds, String key, int buckets, XAxis x, Long from, Long to) {
    return db.read(c -> {
      List<SeriesBuckets> out = new ArrayList<>();
      for (String runId : runIds) {
        runInfo(c, runId).orElseThrow(() -> runNotFound(runId));
        out.add(SeriesDownsampler.downsample(c, runId, key, buckets, x, from, to));
      }
      return out;
    });
  }

  /** Up to {@code n} of the sorted distinct steps, evenly spread, always keeping the first and last. */
  static TreeSet<Long> sampleSteps(List<Long> steps, int n) {
    TreeSet<Long> chosen = new TreeSet<>();
    if (steps.size() <= n) {
      chosen.addAll(steps);
      return chosen;
    }
    if (n == 1) {
      chosen.add(steps.get(steps.size() - 1));
      return chosen;
    }
    for (int i = 0; i < n; i++) chosen.add(steps.get((int) Math.round((double) i * (steps.size() - 1) / (n - 1))));
    return chosen;
  }

  // ------------------------------------------------------------------ helpers

  static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  static void bind(PreparedStatement ps, List<?> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
  }

  /** Splits IN lists so they stay under every database's bind-parameter limit. */
  static <T> List<List<T>> partition(List<T> all) {
    List<List<T>> parts = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 500) parts.add(all.subList(i, Math.min(all.size(), i + 500)));
    return parts;
  }

  @Override
  public void close() {
    db.close();
  }
}
