package io.vigil.drift;

import io.vigil.metrics.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds {@link CategoricalComparison}s from raw category samples or category counts. */
public final class CategoricalDrift {
  private CategoricalDrift() {}

  /**
   * Counts both samples over the sorted union of their categories.
   *
   * @throws InvalidInputException when a sample is empty or contains null
   */
  public static CategoricalComparison compare(String[] reference, String[] current) {
    return compare(counts(reference, "reference"), counts(current, "current"));
  }

  /** Compares two category→count maps (e.g. from {@link CategoricalProfile}). */
  public static CategoricalComparison compare(Map<String, Long> reference, Map<String, Long> current) {
    // TreeMap on String orders by UTF-16 code units; differs from code-point order only for
    // supplementary characters, so sort explicitly by code point.
    TreeMap<String, long[]> union = new TreeMap<>(CategoricalDrift::compareCodePoints);
    reference.forEach((k, v) -> union.computeIfAbsent(k, x -> new long[2])[0] += v);
    current.forEach((k, v) -> union.computeIfAbsent(k, x -> new long[2])[1] += v);
    List<String> cats = new ArrayList<>(union.size());
    long[] rc = new long[union.size()];
    long[] cc = new long[union.size()];
    int i = 0;
    for (Map.Entry<String, long[]> e : union.entrySet()) {
      cats.add(e.getKey());
      rc[i] = e.getValue()[0];
      cc[i] = e.getValue()[1];
      i++;
    }
    return new CategoricalComparison(cats, rc, cc);
  }

  static Map<String, Long> counts(String[] values, String what) {
    if (values == null || values.length == 0) {
      throw new InvalidInputException(what + " sample is empty");
    }
    Map<String, Long> m = new java.util.HashMap<>();
    for (String s : values) {
      if (s == null) {
        throw new InvalidInputException(what + " sample contains a null category");
      }
      m.merge(s, 1L, Long::sum);
    }
    return m;
  }

  /** Compares strings by Unicode code point (Python's str ordering). */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
