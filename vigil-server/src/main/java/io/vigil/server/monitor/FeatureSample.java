package io.vigil.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A uniform reservoir sample (Algorithm R) of each declared feature's values in one window, what
 * drift is computed from: exact up to {@link #CAPACITY} values, a fixed-size sample beyond. The
 * random source is seeded from the window start, so results are reproducible.
 */
final class FeatureSample {
  static final int CAPACITY = 5_000;

  private final Map<String, MonitorDefinition.FeatureKind> kinds;
  private final Map<String, Column> columns = new HashMap<>();
  private final SplittableRandom random;

  private static final class Column {
    final double[] numbers;
    final String[] strings;
    long seen;
    int size;

    Column(boolean numeric) {
      numbers = numeric ? new double[CAPACITY] : null;
      strings = numeric ? null : new String[CAPACITY];
    }
  }

  FeatureSample(Map<String, MonitorDefinition.FeatureKind> kinds, long windowStart) {
    this.kinds = kinds;
    this.random = new SplittableRandom(windowStart);
  }

  void add(JsonNode features) {
    for (Map.Entry<String, MonitorDefinition.FeatureKind> k : kinds.entrySet()) {
      JsonNode v = features.get(k.getKey());
      if (v == null || v.isNull()) continue;
      boolean numeric = k.getValue() == MonitorDefinition.FeatureKind.NUMERIC;
      if (numeric && !v.isNumber()) continue;
      add(k.getKey(), numeric, numeric ? v.doubleValue() : 0, numeric ? null : v.asText());
    }
  }

  /**
   * Adds one event's declared feature values, aligned with the iteration order of the kinds: a
   * Double for a numeric feature, a String for a categorical one, null when absent.
   */
  void add(Object[] values) {
    int i = 0;
    for (Map.Entry<String, MonitorDefinition.FeatureKind> k : kinds.entrySet()) {
      Object v = values[i++];
      if (v == null) continue;
      boolean numeric = k.getValue() == MonitorDefinition.FeatureKind.NUMERIC;
      if (numeric != v instanceof Double) continue;
      add(k.getKey(), numeric, numeric ? (Double) v : 0, numeric ? null : (String) v);
    }
  }

  private void add(String feature, boolean numeric, double number, String text) {
    Column c = columns.get(feature); // not computeIfAbsent: its capturing lambda would cost an object per value
    if (c == null) columns.put(feature, c = new Column(numeric));
    c.seen++;
    int slot;
    if (c.size < CAPACITY) slot = c.size++;
    else {
      long r = random.nextLong(c.seen);
      if (r >= CAPACITY) return;
      slot = (int) r;
    }
    if (numeric) c.numbers[slot] = number;
    else c.strings[slot] = text;
  }

  double[] numbers(String feature) {
    Column c = columns.get(feature);
    return c == null || c.numbers == null ? null : Arrays.copyOf(c.numbers, c.size);
  }

  String[] strings(String feature) {
    Column c = columns.get(feature);
    return c == null || c.strings == null ? null : Arrays.copyOf(c.strings, c.size);
  }
}
