package io.vigil.server.store.jdbc;

import io.vigil.series.ChunkCodec;
import io.vigil.series.SeriesPoints;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends points to one metric series (run, key) stored as chunks, inside the caller's transaction.
 *
 * <p>Invariant: the chunks of a series hold disjoint, sorted ranges of the (step, timestamp, value)
 * order. New points are merged with the chunks they touch: the chunk that precedes them (when it is
 * not full and the append is small — the in-order fast path, a single tail chunk rewritten; a bulk
 * append of {@link #BULK_APPEND} or more points is written as new chunks) and every chunk that
 * starts inside their range (the out-of-order slow path). The merge drops exact duplicates, so a
 * retried batch stores nothing twice, and the result is re-split into chunks of at most
 * {@link #CHUNK_CAPACITY} points.
 */
final class MetricSeriesWriter {
  /** Points per chunk: small enough that rewriting the tail per single-point append stays cheap. */
  static final int CHUNK_CAPACITY = 512;
  /** An in-order append of at least this many points does not rewrite the tail chunk. */
  static final int BULK_APPEND = 64;

  private record StoredChunk(long id, SeriesPoints points) {}

  private MetricSeriesWriter() {}

  /** @param points sorted and free of duplicates */
  static void append(Connection c, String runId, String key, SeriesPoints points) throws SQLException {
    if (points.size() == 0) return;
    long loStep = points.step(0);
    long loTime = points.timestamp(0);
    long hiStep = points.step(points.size() - 1);
    long hiTime = points.timestamp(points.size() - 1);

    Map<Long, StoredChunk> touched = new LinkedHashMap<>();
    Tail appendable = null;
    // The chunk starting at or before the first new point: it overlaps the new range, or the new
    // points continue it (the common in-order append).
    try (PreparedStatement ps = StatementCache.prepare(c,
        "SELECT chunk_id, point_count, last_step, last_time, data, codec_version, min_time, max_time,"
            + " min_value, max_value, nan_count FROM metric_chunks"
            + " WHERE run_uuid = ? AND key = ? AND (first_step < ? OR (first_step = ? AND first_time <= ?))"
            + " ORDER BY first_step DESC, first_time DESC LIMIT 1")) {
      ps.setString(1, runId);
      ps.setString(2, key);
      ps.setLong(3, loStep);
      ps.setLong(4, loStep);
      ps.setLong(5, loTime);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long id = rs.getLong(1);
          int count = rs.getInt(2);
          long lastStep = rs.getLong(3);
          long lastTime = rs.getLong(4);
          boolean overlaps = lastStep > loStep || (lastStep == loStep && lastTime >= loTime);
          boolean small = points.size() < BULK_APPEND;
          if (!overlaps && small && count + points.size() <= CHUNK_CAPACITY && rs.getInt(6) == ChunkCodec.VERSION) {
            // The fast path: the blob is extended in SQL, never read back (see ChunkCodec's format).
            long nanCount = rs.getLong(11);
            if (!rs.wasNull()) {
              appendable = new Tail(id, lastStep, lastTime, rs.getLong(7), rs.getLong(8), nullableDouble(rs, 9),
                  nullableDouble(rs, 10), nanCount);
            }
          }
          if (appendable == null && (overlaps || (count < CHUNK_CAPACITY && small))) {
            // Small in-order appends fill up the tail; a bulk append becomes chunks of its own rather
            // than rewriting the tail again and again (write amplification).
            touched.put(id, new StoredChunk(id, ChunkCodec.decode(rs.getBytes(5))));
          }
        }
      }
    }
    // Chunks starting inside the new range: only out-of-order writes find any.
    try (PreparedStatement ps = StatementCache.prepare(c, 
        "SELECT chunk_id, data FROM metric_chunks WHERE run_uuid = ? AND key = ?"
            + " AND (first_step > ? OR (first_step = ? AND first_time >= ?))"
            + " AND (first_step < ? OR (first_step = ? AND first_time <= ?))")) {
      ps.setString(1, runId);
      ps.setString(2, key);
      ps.setLong(3, loStep);
      ps.setLong(4, loStep);
      ps.setLong(5, loTime);
      ps.setLong(6, hiStep);
      ps.setLong(7, hiStep);
      ps.setLong(8, hiTime);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          touched.putIfAbsent(rs.getLong(1), new StoredChunk(rs.getLong(1), ChunkCodec.decode(rs.getBytes(2))));
        }
      }
    }

    if (appendable != null && touched.isEmpty()) {
      appendable.append(c, points);
      return;
    }
    if (appendable != null) { // a chunk starts inside the new range after all: merge with the tail too
      touched.put(appendable.id(), new StoredChunk(appendable.id(), read(c, appendable.id())));
    }

    SeriesPoints merged = points;
    for (StoredChunk chunk : touched.values()) merged = SeriesPoints.mergeSorted(chunk.points(), merged);
    if (!touched.isEmpty() && merged.size() == sizeOf(touched.values())) {
      return; // every new point was already stored: an exact retry
    }

    List<Long> reusable = new ArrayList<>(touched.keySet());
    for (int from = 0; from < merged.size(); from += CHUNK_CAPACITY) {
      int to = Math.min(merged.size(), from + CHUNK_CAPACITY);
      if (!reusable.isEmpty()) {
        update(c, reusable.remove(0), merged, from, to);
      } else {
        insert(c, runId, key, merged, from, to);
      }
    }
    if (!reusable.isEmpty()) {
      try (PreparedStatement ps = StatementCache.prepare(c, "DELETE FROM metric_chunks WHERE chunk_id = ?")) {
        for (long id : reusable) {
          ps.setLong(1, id);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  /** The tail chunk as its summary row describes it, for an append that needs no decoding. */
  private record Tail(long id, long lastStep, long lastTime, long minTime, long maxTime, Double minValue,
      Double maxValue, long nanCount) {

    void append(Connection c, SeriesPoints p) throws SQLException {
      long minT = minTime;
      long maxT = maxTime;
      Double min = minValue;
      Double max = maxValue;
      long nans = nanCount;
      for (int i = 0; i < p.size(); i++) {
        minT = Math.min(minT, p.timestamp(i));
        maxT = Math.max(maxT, p.timestamp(i));
        double v = p.value(i);
        if (Double.isNaN(v)) {
          nans++;
        } else {
          min = min == null ? v : Math.min(min, v);
          max = max == null ? v : Math.max(max, v);
        }
      }
      int last = p.size() - 1;
      try (PreparedStatement ps = StatementCache.prepare(c, "UPDATE metric_chunks SET data = "
          + Dialect.of(c).concatBlob("data") + ", point_count = point_count + ?, last_step = ?, last_time = ?,"
          + " min_time = ?, max_time = ?, min_value = ?, max_value = ?, last_value = ?, nan_count = ?"
          + " WHERE chunk_id = ?")) {
        ps.setBytes(1, ChunkCodec.encodeAppend(p, 0, p.size(), lastStep, lastTime));
        ps.setInt(2, p.size());
        ps.setLong(3, p.step(last));
        ps.setLong(4, p.timestamp(last));
        ps.setLong(5, minT);
        ps.setLong(6, maxT);
        setDoubleOrNull(ps, 7, min == null ? Double.NaN : min);
        setDoubleOrNull(ps, 8, max == null ? Double.NaN : max);
        setDoubleOrNull(ps, 9, p.value(last));
        ps.setLong(10, nans);
        ps.setLong(11, id);
        ps.executeUpdate();
      }
    }
  }

  private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  private static SeriesPoints read(Connection c, long chunkId) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, "SELECT data FROM metric_chunks WHERE chunk_id = ?")) {
      ps.setLong(1, chunkId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return ChunkCodec.decode(rs.getBytes(1));
      }
    }
  }

  private static int sizeOf(Iterable<StoredChunk> chunks) {
    int n = 0;
    for (StoredChunk c : chunks) n += c.points().size();
    return n;
  }

  private static void insert(Connection c, String runId, String key, SeriesPoints p, int from, int to)
      throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, 
        "INSERT INTO metric_chunks (run_uuid, key, point_count, first_step, first_time, last_step, last_time,"
            + " min_time, max_time, min_value, max_value, codec_version, data, first_value, last_value, nan_count)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, runId);
      ps.setString(2, key);
      bindSummary(ps, 3, p, from, to);
      ps.executeUpdate();
    }
  }

  private static void update(Connection c, long chunkId, SeriesPoints p, int from, int to) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, 
        "UPDATE metric_chunks SET point_count = ?, first_step = ?, first_time = ?, last_step = ?, last_time = ?,"
            + " min_time = ?, max_time = ?, min_value = ?, max_value = ?, codec_version = ?, data = ?,"
            + " first_value = ?, last_value = ?, nan_count = ? WHERE chunk_id = ?")) {
      bindSummary(ps, 1, p, from, to);
      ps.setLong(15, chunkId);
      ps.executeUpdate();
    }
  }

  /** Binds point_count … data, first_value, last_value, nan_count (14 parameters) starting at index {@code i}. */
  private static void bindSummary(PreparedStatement ps, int i, SeriesPoints p, int from, int to)
      throws SQLException {
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    double min = Double.NaN;
    double max = Double.NaN;
    int nans = 0;
    for (int k = from; k < to; k++) {
      minTime = Math.min(minTime, p.timestamp(k));
      maxTime = Math.max(maxTime, p.timestamp(k));
      double v = p.value(k);
      if (Double.isNaN(v)) nans++;
      if (!Double.isNaN(v)) {
        min = Double.isNaN(min) ? v : Math.min(min, v);
        max = Double.isNaN(max) ? v : Math.max(max, v);
      }
    }
    ps.setInt(i, to - from);
    ps.setLong(i + 1, p.step(from));
    ps.setLong(i + 2, p.timestamp(from));
    ps.setLong(i + 3, p.step(to - 1));
    ps.setLong(i + 4, p.timestamp(to - 1));
    ps.setLong(i + 5, minTime);
    ps.setLong(i + 6, maxTime);
    setDoubleOrNull(ps, i + 7, min);
    setDoubleOrNull(ps, i + 8, max);
    ps.setInt(i + 9, ChunkCodec.VERSION);
    ps.setBytes(i + 10, ChunkCodec.encode(p, from, to));
    setDoubleOrNull(ps, i + 11, p.value(from));
    setDoubleOrNull(ps, i + 12, p.value(to - 1));
    ps.setInt(i + 13, nans);
  }

  static void setDoubleOrNull(PreparedStatement ps, int i, double v) throws SQLException {
    if (Double.isNaN(v)) ps.setNull(i, java.sql.Types.DOUBLE);
    else ps.setDouble(i, v);
  }
}
