package io.vigil.series;

import java.nio.ByteBuffer;

/**
 * Binary encoding of a block of metric points, as stored in one metric chunk.
 *
 * <p>Format, version 2 (multi-byte values big-endian):
 *
 * <pre>
 *   byte    version = 2
 *   then, for each point in order:
 *     zigzag-varint   step minus the previous point's step (the first point: minus 0)
 *     zigzag-varint   timestamp minus the previous point's timestamp (likewise)
 *     8 bytes         value: IEEE-754 bits as {@link Double#doubleToRawLongBits}
 * </pre>
 *
 * The point count is implied by the length. Because each point only refers to the one before it,
 * points are appended to a stored chunk by concatenating {@link #encodeAppend} bytes to it — the
 * store does that in SQL without reading the chunk back. Deltas use wrapping 64-bit arithmetic, so
 * any long round-trips; values are stored bit for bit (NaN payloads, ±Infinity, -0.0, subnormals).
 *
 * <p>Version 1 (still decoded): version byte, varint count, all step deltas, all timestamp deltas,
 * all values.
 */
public final class ChunkCodec {
  public static final int VERSION = 2;

  private ChunkCodec() {}

  public static byte[] encode(SeriesPoints points) {
    return encode(points, 0, points.size());
  }

  /** Encodes points [from, to) as a whole chunk. */
  public static byte[] encode(SeriesPoints points, int from, int to) {
    ByteBuffer buf = ByteBuffer.allocate(1 + (to - from) * 28);
    buf.put((byte) VERSION);
    putPoints(buf, points, from, to, 0, 0);
    return copy(buf);
  }

  /**
   * Bytes to concatenate to a version-2 chunk whose last point has {@code lastStep} and
   * {@code lastTimestamp}, appending points [from, to).
   */
  public static byte[] encodeAppend(SeriesPoints points, int from, int to, long lastStep, long lastTimestamp) {
    ByteBuffer buf = ByteBuffer.allocate((to - from) * 28);
    putPoints(buf, points, from, to, lastStep, lastTimestamp);
    return copy(buf);
  }

  private static void putPoints(ByteBuffer buf, SeriesPoints p, int from, int to, long prevStep, long prevTime) {
    for (int i = from; i < to; i++) {
      long s = p.step(i);
      long t = p.timestamp(i);
      putVarLong(buf, zigzag(s - prevStep));
      putVarLong(buf, zigzag(t - prevTime));
      buf.putLong(Double.doubleToRawLongBits(p.value(i)));
      prevStep = s;
      prevTime = t;
    }
  }

  private static byte[] copy(ByteBuffer buf) {
    byte[] out = new byte[buf.position()];
    buf.flip();
    buf.get(out);
    return out;
  }

  public static SeriesPoints decode(byte[] data) {
    SeriesPoints out = new SeriesPoints(Math.max(16, data.length / 10));
    decodeInto(data, out);
    return out;
  }

  /** Appends the points of {@code data} to {@code out}. */
  public static void decodeInto(byte[] data, SeriesPoints out) {
    if (data.length == 0) throw new IllegalArgumentException("corrupt metric chunk: empty");
    int version = data[0];
    if (version == 2) decodeV2(data, out);
    else if (version == 1) decodeV1(data, out);
    else throw new IllegalArgumentException("unknown metric chunk codec version " + version);
  }

  private static void decodeV2(byte[] data, SeriesPoints out) {
    int[] pos = {1};
    long step = 0;
    long time = 0;
    while (pos[0] < data.length) {
      step += unzigzag(getVarLong(data, pos));
      time += unzigzag(getVarLong(data, pos));
      if (pos[0] + 8 > data.length) throw new IllegalArgumentException("corrupt metric chunk: truncated value");
      out.add(step, time, Double.longBitsToDouble(getLong(data, pos[0])));
      pos[0] += 8;
    }
  }

  private static void decodeV1(byte[] data, SeriesPoints out) {
    int[] pos = {1};
    long count = getVarLong(data, pos);
    if (count < 0 || count > data.length) throw new IllegalArgumentException("corrupt metric chunk: count " + count);
    int n = (int) count;
    long[] steps = new long[n];
    long[] times = new long[n];
    long prev = 0;
    for (int i = 0; i < n; i++) {
      prev += unzigzag(getVarLong(data, pos));
      steps[i] = prev;
    }
    prev = 0;
    for (int i = 0; i < n; i++) {
      prev += unzigzag(getVarLong(data, pos));
      times[i] = prev;
    }
    for (int i = 0; i < n; i++) {
      out.add(steps[i], times[i], Double.longBitsToDouble(getLong(data, pos[0])));
      pos[0] += 8;
    }
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static void putVarLong(ByteBuffer buf, long v) {
    while ((v & ~0x7FL) != 0) {
      buf.put((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    buf.put((byte) v);
  }

  private static long getVarLong(byte[] data, int[] pos) {
    long result = 0;
    int p = pos[0];
    for (int shift = 0; shift < 64; shift += 7) {
      if (p >= data.length) throw new IllegalArgumentException("corrupt metric chunk: truncated varint");
      byte b = data[p++];
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        pos[0] = p;
        return result;
      }
    }
    throw new IllegalArgumentException("corrupt metric chunk: varint too long");
  }

  private static long getLong(byte[] d, int p) {
    if (p + 8 > d.length) throw new IllegalArgumentException("corrupt metric chunk: truncated value");
    return ((long) (d[p] & 0xFF) << 56) | ((long) (d[p + 1] & 0xFF) << 48) | ((long) (d[p + 2] & 0xFF) << 40)
        | ((long) (d[p + 3] & 0xFF) << 32) | ((long) (d[p + 4] & 0xFF) << 24) | ((long) (d[p + 5] & 0xFF) << 16)
        | ((long) (d[p + 6] & 0xFF) << 8) | (d[p + 7] & 0xFF);
  }
}
