package io.vigil.metrics.classification;

import io.vigil.metrics.InvalidInputException;
import java.util.Comparator;

/**
 * Validation and ordering of class labels. Labels sort as Python sorts them: numbers numerically and
 * strings by Unicode code point (so {@code "10" < "2"} and {@code "Cat" < "cat"}); Java's
 * {@link String#compareTo} compares UTF-16 units, which differs for supplementary characters.
 */
public final class LabelOrder {
  /** Orders labels of one type (all Integer, all Long, all String, ...). */
  public static final Comparator<Object> NATURAL = LabelOrder::compare;

  private LabelOrder() {}

  /**
   * Rejects a label that cannot be a class: null (missing) and NaN.
   *
   * @param where names the position for the message, e.g. "y_true[3]"
   */
  public static void check(Object label, String where) {
    if (label == null) {
      throw new InvalidInputException("missing (null) label at " + where);
    }
    if ((label instanceof Double d && d.isNaN()) || (label instanceof Float f && f.isNaN())) {
      throw new InvalidInputException("NaN label at " + where);
    }
    if (!(label instanceof Comparable<?>)) {
      throw new InvalidInputException(
          "label at " + where + " is not comparable: " + label.getClass().getName());
    }
  }

  /** Rejects a label whose type differs from the type already seen (e.g. ints mixed with strings). */
  public static void checkSameType(Class<?> seen, Object label, String where) {
    if (seen != null && seen != label.getClass()) {
      throw new InvalidInputException(
          "mixed label types: "
              + label.getClass().getSimpleName()
              + " at "
              + where
              + " but "
              + seen.getSimpleName()
              + " before");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    if (a instanceof String s && b instanceof String t) {
      return compareCodePoints(s, t);
    }
    if (a.getClass() != b.getClass()) {
      throw new InvalidInputException(
          "mixed label types: " + a.getClass().getSimpleName() + " and " + b.getClass().getSimpleName());
    }
    return ((Comparable) a).compareTo(b);
  }

  /** Compares two strings by code point, as Python does. */
  public static int compareCodePoints(String a, String b) {
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
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
