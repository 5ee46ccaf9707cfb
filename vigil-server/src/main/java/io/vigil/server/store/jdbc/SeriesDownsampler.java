package io.vigil.server.store.jdbc;

import io.vigil.series.ChunkCodec;
import io.vigil.series.SeriesPoints;
import io.vigil.server.store.SeriesBucket;
import io.vigil.server.store.SeriesBuckets;
import io.vigil.server.store.XAxis;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reduces one stored series to equal-width x buckets (first, last, min, max, count, NaN count).
 *
 * <p>Two statements per series: an aggregate over the summary rows of the chunks overlapping the
 * range (its x extent and an upper bound on its point count), then one streaming pass over those
 * chunks in series order. A chunk whose x extent lies inside the range and inside one bucket, and
 * whose row has a complete summary (written since migration V2), is folded in from its summary
 * without decoding its points; any other chunk is decoded and its points bucketed one by one. Memory
 * is the bucket arrays plus one chunk, whatever the history's length.
 */
final class SeriesDownsampler {
  private final int n;
  private final XAxis axis;
  private long lo;
  private double scale;
  // Per-bucket state, column-wise.
  private final long[] count;
  private final long[] nans;
  private final long[] xMin;
  private final long[] xMax;
  private final double[] first;
  private final double[] last;
  private final double[] min;
  private final double[] max;

  private SeriesDownsampler(int n, XAxis axis) {
    this.n = n;
    this.axis = axis;
    count = new long[n];
    nans = new long[n];
    xMin = new long[n];
    xMax = new long[n];
    first = new double[n];
    last = new double[n];
    min = new double[n];
    max = new double[n];
  }

  private static String xLo(XAxis axis) {
    return axis == XAxis.STEP ? "first_step" : "min_time";
  }

  private static String xHi(XAxis axis) {
    return axis == XAxis.STEP ? "last_step" : "max_time";
  }

  static SeriesBuckets downsample(Connection c, String runId, String key, int buckets, XAxis axis, Long from, Long to)
      throws SQLException {
    long qFrom = from == null ? Long.MIN_VALUE : from;
    long qTo = to == null ? Long.MAX_VALUE : to;
    String overlap = " FROM metric_chunks WHERE run_uuid = ? AND key = ? AND " + xHi(axis) + " >= ? AND "
        + xLo(axis) + " <= ?";
    boolean stepBounded = axis == XAxis.STEP && from != null;
    if (stepBounded) {
      // Chunks are disjoint in step order: none before the last one starting at or before 'from'
      // can reach it. This bound lets the (run, key, first_step) index skip the history before the range.
      overlap += " AND first_step >= COALESCE((SELECT MAX(first_step) FROM metric_chunks WHERE run_uuid = ? AND key = ?"
          + " AND first_step <= ?), " + Long.MIN_VALUE + ")";
    }
    long chunks;
    long pointsBound;
    long seriesLo;
    long seriesHi;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*), SUM(point_count), MIN(" + xLo(axis) + "), MAX(" + xHi(axis) + ")" + overlap)) {
      bindOverlap(ps, runId, key, qFrom, qTo, stepBounded);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        chunks = rs.getLong(1);
        pointsBound = rs.getLong(2);
        seriesLo = rs.getLong(3);
        seriesHi = rs.getLong(4);
      }
    }
    if (chunks == 0) return new SeriesBuckets(runId, key, axis, 0, false, List.of());
    long lo = Math.max(qFrom, seriesLo);
    long hi = Math.min(qTo, seriesHi);
    String select = "SELECT point_count, " + xLo(axis) + ", " + xHi(axis)
        + ", min_value, max_value, first_value, last_value, nan_count, data" + overlap
        + " ORDER BY first_step, first_time, chunk_id";
    if (pointsBound <= buckets) return raw(c, select, runId, key, axis, lo, hi, buckets, stepBounded);

    SeriesDownsampler d = new SeriesDownsampler(buckets, axis);
    d.lo = lo;
    d.scale = buckets / ((double) hi - (double) lo + 1.0);
    try (PreparedStatement ps = c.prepareStatement(select)) {
      bindOverlap(ps, runId, key, qFrom, qTo, stepBounded);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long cLo = rs.getLong(2);
          long cHi = rs.getLong(3);
          long chunkNans = rs.getLong(8);
          boolean summarised = !rs.wasNull();
          if (summarised && cLo >= lo && cHi <= hi && d.bucket(cLo) == d.bucket(cHi)) {
            d.addSummary(d.bucket(cLo), rs, cLo, cHi, chunkNans);
          } else {
            SeriesPoints scratch = ChunkCodec.decode(rs.getBytes(9));
            for (int i = 0; i < scratch.size(); i++) {
              long x = axis == XAxis.STEP ? scratch.step(i) : scratch.timestamp(i);
              if (x >= lo && x <= hi) d.addPoint(x, scratch.value(i));
            }
          }
        }
      }
    }
    return d.result(runId, key);
  }

  private static void bindOverlap(PreparedStatement ps, String runId, String key, long from, long to, boolean stepBounded)
      throws SQLException {
    ps.setString(1, runId);
    ps.setString(2, key);
    ps.setLong(3, from);
    ps.setLong(4, to);
    if (stepBounded) {
      ps.setString(5, runId);
      ps.setString(6, key);
      ps.setLong(7, from);
    }
  }

  /** Few enough points: each one is its own bucket, in x order. */
  private static SeriesBuckets raw(Connection c, String select, String runId, String key, XAxis axis, long lo, long hi,
      int buckets, boolean stepBounded) throws SQLException {
    SeriesPoints all = new SeriesPoints(Math.max(1, Math.min(buckets, 4096)));
    try (PreparedStatement ps = c.prepareStatement(select)) {
      bindOverlap(ps, runId, key, lo, hi, stepBounded);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) ChunkCodec.decodeInto(rs.getBytes(9), all);
      }
    }
    List<long[]> order = new ArrayList<>(); // (x, index)
    for (int i = 0; i < all.size(); i++) {
      long x = axis == XAxis.STEP ? all.step(i) : all.timestamp(i);
      if (x >= lo && x <= hi) order.add(new long[] {x, i});
    }
    if (axis == XAxis.TIME) order.sort((a, b) -> Long.compare(a[0], b[0])); // series order is by step
    List<SeriesBucket> out = new ArrayList<>(order.size());
    for (long[] xi : order) out.add(SeriesBucket.point(xi[0], all.value((int) xi[1])));
    return new SeriesBuckets(runId, key, axis, out.size(), false, out);
  }

  private int bucket(long x) {
    int b = (int) (((double) x - (double) lo) * scale);
    return b < 0 ? 0 : Math.min(b, n - 1);
  }

  private void addPoint(long x, double v) {
    int b = bucket(x);
    boolean nan = Double.isNaN(v);
    if (count[b] == 0) {
      xMin[b] = x;
      xMax[b] = x;
      first[b] = v;
      min[b] = Double.NaN;
      max[b] = Double.NaN;
    } else {
      if (x < xMin[b]) xMin[b] = x;
      if (x > xMax[b]) xMax[b] = x;
    }
    last[b] = v;
    count[b]++;
    if (nan) {
      nans[b]++;
    } else {
      if (Double.isNaN(min[b]) || v < min[b]) min[b] = v;
      if (Double.isNaN(max[b]) || v > max[b]) max[b] = v;
    }
  }

  private void addSummary(int b, ResultSet rs, long cLo, long cHi, long chunkNans) throws SQLException {
    long points = rs.getLong(1);
    double cMin = doubleOrNaN(rs, 4);
    double cMax = doubleOrNaN(rs, 5);
    double cFirst = doubleOrNaN(rs, 6);
    double cLast = doubleOrNaN(rs, 7);
    if (count[b] == 0) {
      xMin[b] = cLo;
      xMax[b] = cHi;
      first[b] = cFirst;
      min[b] = Double.NaN;
      max[b] = Double.NaN;
    } else {
      if (cLo < xMin[b]) xMin[b] = cLo;
      if (cHi > xMax[b]) xMax[b] = cHi;
    }
    last[b] = cLast;
    count[b] += points;
    nans[b] += chunkNans;
    if (!Double.isNaN(cMin) && (Double.isNaN(min[b]) || cMin < min[b])) min[b] = cMin;
    if (!Double.isNaN(cMax) && (Double.isNaN(max[b]) || cMax > max[b])) max[b] = cMax;
  }

  private static double doubleOrNaN(ResultSet rs, int i) throws SQLException {
    double v = rs.getDouble(i);
    return rs.wasNull() ? Double.NaN : v;
  }

  private SeriesBuckets result(String runId, String key) {
    List<SeriesBucket> out = new ArrayList<>();
    long total = 0;
    for (int b = 0; b < n; b++) {
      if (count[b] == 0) continue;
      total += count[b];
      out.add(new SeriesBucket(xMin[b], xMax[b], first[b], last[b], min[b], max[b], count[b], nans[b]));
    }
    return new SeriesBuckets(runId, key, axis, total, true, out);
  }
}
