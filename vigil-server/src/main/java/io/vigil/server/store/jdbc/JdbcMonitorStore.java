package io.vigil.server.store.jdbc;

import io.vigil.server.store.MonitorStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link MonitorStore} on JDBC (SQLite and PostgreSQL share the SQL). An ingested batch of events is
 * one row of the event log, whatever its size: the single SQLite writer spends microseconds per
 * request rather than per event.
 */
public final class JdbcMonitorStore implements MonitorStore {
  private final Database db;
  private final Clock clock;
  private final boolean ownsDatabase;

  /** A store sharing {@code db} with other stores; closing it leaves the database open. */
  public JdbcMonitorStore(Database db, Clock clock) {
    this(db, clock, false);
  }

  public JdbcMonitorStore(Database db, Clock clock, boolean ownsDatabase) {
    this.db = db;
    this.clock = clock;
    this.ownsDatabase = ownsDatabase;
  }

  @Override
  public boolean putMonitor(String model, String definitionJson) {
    long now = clock.millis();
    return db.write(c -> {
      boolean exists;
      try (PreparedStatement ps = StatementCache.prepare(c, "SELECT 1 FROM monitors WHERE model = ?")) {
        ps.setString(1, model);
        try (ResultSet rs = ps.executeQuery()) {
          exists = rs.next();
        }
      }
      try (PreparedStatement ps = StatementCache.prepare(c, exists
          ? "UPDATE monitors SET definition = ?, updated_time = ? WHERE model = ?"
          : "INSERT INTO monitors (definition, updated_time, model, created_time) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, definitionJson);
        ps.setLong(2, now);
        ps.setString(3, model);
        if (!exists) ps.setLong(4, now);
        ps.executeUpdate();
      }
      return !exists;
    });
  }

  @Override
  public Optional<StoredMonitor> monitor(String model) {
    return db.read(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "SELECT model, definition, created_time, updated_time FROM monitors WHERE model = ?")) {
        ps.setString(1, model);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(storedMonitor(rs)) : Optional.<StoredMonitor>empty();
        }
      }
    });
  }

  private static StoredMonitor storedMonitor(ResultSet rs) throws SQLException {
    return new StoredMonitor(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4));
  }

  @Override
  public List<StoredMonitor> monitors() {
    return db.read(c -> {
      List<StoredMonitor> out = new ArrayList<>();
      try (PreparedStatement ps = StatementCache.prepare(c,
          "SELECT model, definition, created_time, updated_time FROM monitors ORDER BY model")) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(storedMonitor(rs));
        }
      }
      return out;
    });
  }

  @Override
  public boolean deleteMonitor(String model) {
    return db.write(c -> {
      for (String table : List.of("monitor_event_batches", "monitor_windows",
          "monitor_references", "monitor_alert_states", "monitor_alert_events")) {
        try (PreparedStatement ps = StatementCache.prepare(c, "DELETE FROM " + table + " WHERE model = ?")) {
          ps.setString(1, model);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = StatementCache.prepare(c, "DELETE FROM monitors WHERE model = ?")) {
        ps.setString(1, model);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public void appendEvents(String model, long seq, EventKind kind, int count, long minTs, long maxTs, String events) {
    long now = clock.millis();
    db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "INSERT INTO monitor_event_batches (model, seq, kind, event_count, events, created_time, min_ts, max_ts)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, model);
        ps.setLong(2, seq);
        ps.setString(3, String.valueOf(kind.code));
        ps.setInt(4, count);
        ps.setString(5, events);
        ps.setLong(6, now);
        ps.setLong(7, minTs);
        ps.setLong(8, maxTs);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void scanEvents(String model, long fromTs, Consumer<EventBatch> sink) {
    db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT seq, kind, event_count, events FROM monitor_event_batches WHERE model = ? AND max_ts >= ? ORDER BY seq")) {
        ps.setFetchSize(16);
        ps.setString(1, model);
        ps.setLong(2, fromTs);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sink.accept(new EventBatch(rs.getLong(1), EventKind.of(rs.getString(2).charAt(0)), rs.getInt(3), rs.getString(4)));
          }
        }
      }
      return null;
    });
  }

  @Override
  public long lastEventSeq(String model) {
    return db.read(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c, "SELECT MAX(seq) FROM monitor_event_batches WHERE model = ?")) {
        ps.setString(1, model);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return -1L;
          long v = rs.getLong(1);
          return rs.wasNull() ? -1L : v;
        }
      }
    });
  }

  @Override
  public int deleteEventsBefore(String model, long beforeTs) {
    return db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "DELETE FROM monitor_event_batches WHERE model = ? AND max_ts < ?")) {
        ps.setString(1, model);
        ps.setLong(2, beforeTs);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Optional<Long> firstWindowStart(String model, String metric, String modelVersion) {
    return db.read(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c, "SELECT MIN(window_start) FROM monitor_windows"
          + " WHERE model = ? AND metric = ? AND model_version = ?")) {
        ps.setString(1, model);
        ps.setString(2, metric);
        ps.setString(3, modelVersion);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.<Long>empty(); // MIN answers one row, NULL when there is none
          long v = rs.getLong(1);
          return rs.wasNull() ? Optional.<Long>empty() : Optional.of(v);
        }
      }
    });
  }

  @Override
  public void putWindowValues(String model, List<WindowValue> values) {
    if (values.isEmpty()) return;
    long now = clock.millis();
    db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "INSERT INTO monitor_windows (model, metric, model_version, window_start, window_end, value, updated_time)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model, metric, model_version, window_start)"
              + " DO UPDATE SET value = excluded.value, window_end = excluded.window_end,"
              + " updated_time = excluded.updated_time")) {
        for (WindowValue v : values) {
          ps.setString(1, model);
          ps.setString(2, v.metric());
          ps.setString(3, v.modelVersion());
          ps.setLong(4, v.windowStart());
          ps.setLong(5, v.windowEnd());
          if (Double.isFinite(v.value())) ps.setDouble(6, v.value());
          else ps.setNull(6, Types.DOUBLE);
          ps.setLong(7, now);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public List<WindowValue> windowValues(String model, String metric, String modelVersion, long from, long to) {
    return db.read(c -> {
      List<WindowValue> out = new ArrayList<>();
      String sql = "SELECT metric, model_version, window_start, window_end, value FROM monitor_windows"
          + " WHERE model = ? AND metric = ? AND window_start >= ? AND window_start < ?"
          + (modelVersion == null ? "" : " AND model_version = ?") + " ORDER BY model_version, window_start";
      try (PreparedStatement ps = StatementCache.prepare(c, sql)) {
        ps.setString(1, model);
        ps.setString(2, metric);
        ps.setLong(3, from);
        ps.setLong(4, to);
        if (modelVersion != null) ps.setString(5, modelVersion);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(windowValue(rs));
        }
      }
      return out;
    });
  }

  private static WindowValue windowValue(ResultSet rs) throws SQLException {
    double v = rs.getDouble(5);
    if (rs.wasNull()) v = Double.NaN;
    return new WindowValue(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), v);
  }

  @Override
  public List<WindowValue> latestWindowValues(String model) {
    return db.read(c -> {
      List<WindowValue> out = new ArrayList<>();
      try (PreparedStatement ps = StatementCache.prepare(c,
          "SELECT w.metric, w.model_version, w.window_start, w.window_end, w.value FROM monitor_windows w"
              + " JOIN (SELECT metric, model_version, MAX(window_start) AS ws FROM monitor_windows WHERE model = ?"
              + " GROUP BY metric, model_version) l ON l.metric = w.metric AND l.model_version = w.model_version"
              + " AND l.ws = w.window_start WHERE w.model = ? ORDER BY w.metric, w.model_version")) {
        ps.setString(1, model);
        ps.setString(2, model);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(windowValue(rs));
        }
      }
      return out;
    });
  }

  @Override
  public void putReference(String model, String referenceJson, long rowCount) {
    long now = clock.millis();
    db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "INSERT INTO monitor_references (model, reference, row_count, created_time) VALUES (?, ?, ?, ?)"
              + " ON CONFLICT (model) DO UPDATE SET reference = excluded.reference, row_count = excluded.row_count,"
              + " created_time = excluded.created_time")) {
        ps.setString(1, model);
        ps.setString(2, referenceJson);
        ps.setLong(3, rowCount);
        ps.setLong(4, now);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<String> reference(String model) {
    return db.read(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c, "SELECT reference FROM monitor_references WHERE model = ?")) {
        ps.setString(1, model);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  @Override
  public Optional<AlertState> alertState(String model, String rule) {
    return db.read(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "SELECT rule, state, consecutive, evaluated_until, silenced_until, updated_time FROM monitor_alert_states"
              + " WHERE model = ? AND rule = ?")) {
        ps.setString(1, model);
        ps.setString(2, rule);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.<AlertState>empty();
          long s = rs.getLong(5);
          Long silenced = rs.wasNull() ? null : s;
          return Optional.of(new AlertState(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), silenced,
              rs.getLong(6)));
        }
      }
    });
  }

  @Override
  public void saveAlertState(String model, AlertState s) {
    db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "INSERT INTO monitor_alert_states (model, rule, state, consecutive, evaluated_until, silenced_until,"
              + " updated_time) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model, rule) DO UPDATE SET"
              + " state = excluded.state, consecutive = excluded.consecutive,"
              + " evaluated_until = excluded.evaluated_until, silenced_until = excluded.silenced_until,"
              + " updated_time = excluded.updated_time")) {
        ps.setString(1, model);
        ps.setString(2, s.rule());
        ps.setString(3, s.state());
        ps.setInt(4, s.consecutive());
        ps.setLong(5, s.evaluatedUntil());
        setNullableLong(ps, 6, s.silencedUntil());
        ps.setLong(7, s.updatedTime());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public long appendAlertEvent(String model, AlertEvent e) {
    return db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "INSERT INTO monitor_alert_events (model, rule, state, window_start, value, event_time, notification)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING event_id")) {
        ps.setString(1, model);
        ps.setString(2, e.rule());
        ps.setString(3, e.state());
        ps.setLong(4, e.windowStart());
        if (Double.isFinite(e.value())) ps.setDouble(5, e.value());
        else ps.setNull(5, Types.DOUBLE);
        ps.setLong(6, e.time());
        ps.setString(7, e.notification());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  @Override
  public void setNotification(long eventId, String notification) {
    db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "UPDATE monitor_alert_events SET notification = ? WHERE event_id = ?")) {
        ps.setString(1, notification);
        ps.setLong(2, eventId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public List<AlertEvent> alertEvents(String model, int limit) {
    return db.read(c -> {
      List<AlertEvent> out = new ArrayList<>();
      try (PreparedStatement ps = StatementCache.prepare(c,
          "SELECT event_id, rule, state, window_start, value, event_time, notification FROM monitor_alert_events"
              + " WHERE model = ? ORDER BY event_id DESC LIMIT ?")) {
        ps.setString(1, model);
        ps.setInt(2, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            double v = rs.getDouble(5);
            if (rs.wasNull()) v = Double.NaN;
            out.add(new AlertEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), v, rs.getLong(6),
                rs.getString(7)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public void check() {
    db.read(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c, "SELECT 1 FROM monitors LIMIT 1")) {
        ps.executeQuery().close();
      }
      return null;
    });
  }

  @Override
  public void close() {
    if (ownsDatabase) db.close();
  }

  private static void setNullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) ps.setNull(i, Types.BIGINT);
    else ps.setLong(i, v);
  }
}
