package io.vigil.series;

import java.nio.ByteBuffer;

/**
 * Binary encoding of a block of metric points, as stored in one metric chunk.
 *
 * <p>Format, version 1 (all multi-byte values big-endian):
 *
 * <pre>
 *   byte    version            = 1
 *   varint  n                  number of points
 *   n × zigzag-varint          steps: the first step, then each step minus the previous one
 *   n × zigzag-varint          timestamps: the same delta scheme
 *   n × 8 bytes                values: IEEE-754 bits as {@link Double#doubleToRawLongBits}
 * </pre>
 *
 * Deltas are computed with wrapping 64-bit arithmetic, so any long (including Long.MIN_VALUE next
 * to Long.MAX_VALUE) round-trips exactly. Values are stored bit for bit: NaN, ±Infinity, -0.0 and
 * subnormals come back unchanged. A new layout gets a new version byte; decoders keep reading old ones.
 */
public final class ChunkCodec {
  public static final int VERSION = 1;

  private ChunkCodec() {}

  public static byte[] encode(SeriesPoints points) {
    return encode(points, 0, points.size());
  }

  /** Encodes points [from, to). */
  public static byte[] encode(SeriesPoints points, int from, int to) {
    int n = to - from;
    ByteBuffer buf = ByteBuffer.allocate(1 + 10 + n * (10 + 10 + 8));
    buf.put((byte) VERSION);
    putVarLong(buf, n);
    long prev = 0;
    for (int i = from; i < to; i++) {
      long s = points.step(i);
      putVarLong(buf, zigzag(s - prev));
      prev = s;
    }
    prev = 0;
    for (int i = from; i < to; i++) {
      long t = points.timestamp(i);
      putVarLong(buf, zigzag(t - prev));
      prev = t;
    }
    for (int i = from; i < to; i++) buf.putLong(Double.doubleToRawLongBits(points.value(i)));
    byte[] out = new byte[buf.position()];
    buf.flip();
    buf.get(out);
    return out;
  }

  public static SeriesPoints decode(byte[] data) {
    SeriesPoints out = new SeriesPoints(16);
    decodeInto(data, out);
    return out;
  }

  /** Appends the points of {@code data} to {@code out}. */
  public static void decodeInto(byte[] data, SeriesPoints out) {
    ByteBuffer buf = ByteBuffer.wrap(data);
    int version = buf.get();
    if (version != 1) throw new IllegalArgumentException("unknown metric chunk codec version " + version);
    long count = getVarLong(buf);
    if (count < 0 || count > data.length) throw new IllegalArgumentException("corrupt metric chunk: count " + count);
    int n = (int) count;
    long[] steps = new long[n];
    long[] times = new long[n];
    long prev = 0;
    for (int i = 0; i < n; i++) {
      prev += unzigzag(getVarLong(buf));
      steps[i] = prev;
    }
    prev = 0;
    for (int i = 0; i < n; i++) {
      prev += unzigzag(getVarLong(buf));
      times[i] = prev;
    }
    for (int i = 0; i < n; i++) out.add(steps[i], times[i], Double.longBitsToDouble(buf.getLong()));
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

  private static long getVarLong(ByteBuffer buf) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = buf.get();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) return result;
    }
    throw new IllegalArgumentException("corrupt metric chunk: varint too long");
  }
}
