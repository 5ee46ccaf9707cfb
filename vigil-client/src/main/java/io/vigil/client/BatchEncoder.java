package io.vigil.client;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes log-batch request bodies straight into a reusable byte array: no tree, no object per
 * point. Metric keys arrive pre-encoded (validated names need no escaping); int64 fields are JSON
 * numbers, NaN and ±Infinity the proto3 strings MLflow accepts.
 */
final class BatchEncoder {
  private byte[] buf = new byte[64 * 1024];
  private int len;
  private int items;

  void begin(String runId) {
    len = 0;
    items = 0;
    ascii("{\"run_id\":");
    string(runId);
  }

  void beginMetrics() {
    ascii(",\"metrics\":[");
    items = 0;
  }

  void metric(byte[] jsonKey, double value, long timestamp, long step) {
    if (items++ > 0) put((byte) ',');
    ascii("{\"key\":");
    bytes(jsonKey);
    ascii(",\"value\":");
    if (Double.isNaN(value)) ascii("\"NaN\"");
    else if (value == Double.POSITIVE_INFINITY) ascii("\"Infinity\"");
    else if (value == Double.NEGATIVE_INFINITY) ascii("\"-Infinity\"");
    else ascii(NumberOutput.toString(value, true)); // Schubfach: shortest round-tripping digits, fast
    ascii(",\"timestamp\":");
    number(timestamp);
    ascii(",\"step\":");
    number(step);
    put((byte) '}');
  }

  void beginList(String field) {
    ascii(",\"" + field + "\":[");
    items = 0;
  }

  void keyValue(String key, String value) {
    if (items++ > 0) put((byte) ',');
    ascii("{\"key\":");
    string(key);
    ascii(",\"value\":");
    string(value);
    put((byte) '}');
  }

  void endList() {
    put((byte) ']');
  }

  byte[] finish() {
    put((byte) '}');
    return Arrays.copyOf(buf, len);
  }

  private void string(String s) {
    put((byte) '"');
    bytes(JsonStringEncoder.getInstance().quoteAsUTF8(s));
    put((byte) '"');
  }

  private void number(long v) {
    ensure(20);
    len = NumberOutput.outputLong(v, buf, len);
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) buf[len++] = (byte) s.charAt(i);
  }

  private void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  private void put(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  private void ensure(int n) {
    if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
