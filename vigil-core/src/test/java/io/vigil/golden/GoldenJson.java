package io.vigil.golden;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Conversions from golden-file JSON to Java inputs. */
final class GoldenJson {
  private GoldenJson() {}

  /** A label: integral numbers as Long, strings as String, null as null, other numbers as Double. */
  static Object label(JsonNode n) {
    if (n == null || n.isNull()) return null;
    if (n.isIntegralNumber()) return n.longValue();
    if (n.isNumber()) return n.doubleValue();
    return n.asText();
  }

  static List<Object> labels(JsonNode arr) {
    List<Object> out = new ArrayList<>(arr.size());
    for (JsonNode n : arr) out.add(label(n));
    return out;
  }

  /** A double, accepting "NaN", "Infinity" and "-Infinity". */
  static double number(JsonNode n) {
    if (n.isNumber()) return n.doubleValue();
    switch (n.asText()) {
      case "NaN": return Double.NaN;
      case "Infinity": return Double.POSITIVE_INFINITY;
      case "-Infinity": return Double.NEGATIVE_INFINITY;
      default: throw new IllegalArgumentException("not a number: " + n);
    }
  }

  static double[] doubles(JsonNode arr) {
    double[] out = new double[arr.size()];
    for (int i = 0; i < out.length; i++) out[i] = number(arr.get(i));
    return out;
  }

  static long[] longs(JsonNode arr) {
    long[] out = new long[arr.size()];
    for (int i = 0; i < out.length; i++) out[i] = arr.get(i).longValue();
    return out;
  }

  static double[][] matrix(JsonNode arr) {
    double[][] out = new double[arr.size()][];
    for (int i = 0; i < out.length; i++) out[i] = doubles(arr.get(i));
    return out;
  }
}
