package io.vigil.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

  private static void assertRoundTrip(SeriesPoints p) {
    SeriesPoints back = ChunkCodec.decode(ChunkCodec.encode(p));
    assertThat(back.size()).isEqualTo(p.size());
    for (int i = 0; i < p.size(); i++) {
      assertThat(back.step(i)).as("step %d", i).isEqualTo(p.step(i));
      assertThat(back.timestamp(i)).as("timestamp %d", i).isEqualTo(p.timestamp(i));
      assertThat(Double.doubleToRawLongBits(back.value(i))).as("value bits %d", i)
          .isEqualTo(Double.doubleToRawLongBits(p.value(i)));
    }
  }

  @Test
  void roundTrip_keepsSpecialDoublesBitForBit() {
    double[] values = {Double.NaN, Double.longBitsToDouble(0x7ff8dead00000001L), Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, 1e-310};
    SeriesPoints p = new SeriesPoints(values.length);
    for (int i = 0; i < values.length; i++) p.add(i, 1_700_000_000_000L + i, values[i]);
    assertRoundTrip(p);
  }

  @Test
  void roundTrip_handlesExtremeStepsAndTimestamps() {
    SeriesPoints p = new SeriesPoints(8);
    p.add(Long.MIN_VALUE, Long.MAX_VALUE, 1);
    p.add(Long.MAX_VALUE, Long.MIN_VALUE, 2);
    p.add(0, 0, 3);
    p.add(-1, -1, 4);
    p.add(Long.MAX_VALUE, Long.MAX_VALUE, 5);
    assertRoundTrip(p);
  }

  @Test
  void roundTrip_emptyAndSingle() {
    assertRoundTrip(new SeriesPoints(1));
    SeriesPoints one = new SeriesPoints(1);
    one.add(7, 8, 9.5);
    assertRoundTrip(one);
  }

  @Test
  void roundTrip_randomSeries() {
    SplittableRandom r = new SplittableRandom(42);
    for (int trial = 0; trial < 200; trial++) {
      int n = r.nextInt(0, 2000);
      SeriesPoints p = new SeriesPoints(n);
      for (int i = 0; i < n; i++) {
        long step = switch (r.nextInt(4)) {
          case 0 -> r.nextLong();
          case 1 -> i;
          case 2 -> r.nextInt(-5, 5);
          default -> i * 1_000_000_007L;
        };
        double v = switch (r.nextInt(5)) {
          case 0 -> Double.longBitsToDouble(r.nextLong());
          case 1 -> Double.NaN;
          default -> r.nextDouble();
        };
        p.add(step, 1_700_000_000_000L + r.nextInt(-1000, 1000), v);
      }
      assertRoundTrip(p);
    }
  }

  @Test
  void encoding_isCompactForRegularSeries() {
    SeriesPoints p = new SeriesPoints(1000);
    for (int i = 0; i < 1000; i++) p.add(i, 1_700_000_000_000L + i * 10L, i * 0.001);
    // steps and timestamps delta-encode to about a byte each; values are 8 bytes raw
    assertThat(ChunkCodec.encode(p).length).isLessThan(1000 * 11);
  }

  @Test
  void decode_rejectsUnknownVersion() {
    byte[] data = ChunkCodec.encode(new SeriesPoints(1));
    data[0] = 99; // the version byte
    assertThatThrownBy(() -> ChunkCodec.decode(data)).hasMessageContaining("version 99");
  }

  @Test
  void sortAndDeduplicate_dropsExactDuplicatesOnly() {
    SeriesPoints p = new SeriesPoints(8);
    p.add(2, 5, 1.0);
    p.add(1, 5, 1.0);
    p.add(2, 5, 1.0); // exact duplicate
    p.add(2, 5, 2.0); // same step and time, other value: kept
    p.add(1, 5, Double.NaN);
    p.add(1, 5, Double.NaN); // NaN equals NaN for deduplication
    p.add(3, 1, -0.0);
    p.add(3, 1, 0.0); // -0.0 and 0.0 are different values
    p.sortAndDeduplicate();
    assertThat(p.size()).isEqualTo(6);
    assertThat(p.step(0)).isEqualTo(1);
    assertThat(p.value(0)).isEqualTo(1.0);
    assertThat(p.value(1)).isNaN();
    assertThat(p.value(2)).isEqualTo(1.0);
    assertThat(p.value(3)).isEqualTo(2.0);
    assertThat(Double.doubleToRawLongBits(p.value(4))).isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void mergeSorted_unionsWithoutDuplicates() {
    SeriesPoints a = SeriesPoints.of(new long[] {1, 3, 5}, new long[] {0, 0, 0}, new double[] {1, 3, 5});
    SeriesPoints b = SeriesPoints.of(new long[] {2, 3, 6}, new long[] {0, 0, 0}, new double[] {2, 3, 6});
    SeriesPoints m = SeriesPoints.mergeSorted(a, b);
    assertThat(m.size()).isEqualTo(5);
    for (int i = 0; i < m.size(); i++) assertThat(m.step(i)).isEqualTo(new long[] {1, 2, 3, 5, 6}[i]);
  }

  @Test
  void encodeAppend_concatenatedToAChunk_decodesAsTheWholeSeries() {
    SplittableRandom r = new SplittableRandom(3);
    SeriesPoints all = new SeriesPoints(64);
    for (int i = 0; i < 300; i++) all.add(r.nextLong(), r.nextLong(), Double.longBitsToDouble(r.nextLong()));
    byte[] chunk = ChunkCodec.encode(all, 0, 100);
    for (int from = 100; from < 300; from += 37) {
      int to = Math.min(300, from + 37);
      byte[] tail = ChunkCodec.encodeAppend(all, from, to, all.step(from - 1), all.timestamp(from - 1));
      byte[] joined = java.util.Arrays.copyOf(chunk, chunk.length + tail.length);
      System.arraycopy(tail, 0, joined, chunk.length, tail.length);
      chunk = joined;
    }
    SeriesPoints back = ChunkCodec.decode(chunk);
    assertThat(back.size()).isEqualTo(300);
    for (int i = 0; i < 300; i++) {
      assertThat(back.step(i)).isEqualTo(all.step(i));
      assertThat(back.timestamp(i)).isEqualTo(all.timestamp(i));
      assertThat(Double.doubleToRawLongBits(back.value(i))).isEqualTo(Double.doubleToRawLongBits(all.value(i)));
    }
  }

  @Test
  void decode_rejectsTruncatedChunk() {
    SeriesPoints p = new SeriesPoints(2);
    p.add(1, 2, 3.0);
    byte[] data = ChunkCodec.encode(p);
    assertThatThrownBy(() -> ChunkCodec.decode(java.util.Arrays.copyOf(data, data.length - 3)))
        .hasMessageContaining("corrupt metric chunk");
  }

  @Test
  void decode_readsVersion1Chunks() {
    // version 1, 2 points: steps 5, 6; timestamps 10, 12; values 1.5, -2.0
    byte[] v1 = {1, 2, 10, 2, 20, 4,
        0x3f, (byte) 0xf8, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 0, 0, 0, 0, 0, 0, 0};
    SeriesPoints p = ChunkCodec.decode(v1);
    assertThat(p.size()).isEqualTo(2);
    assertThat(p.step(1)).isEqualTo(6);
    assertThat(p.timestamp(1)).isEqualTo(12);
    assertThat(p.value(0)).isEqualTo(1.5);
    assertThat(p.value(1)).isEqualTo(-2.0);
  }
}
