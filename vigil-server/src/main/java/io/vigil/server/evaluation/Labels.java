package io.vigil.server.evaluation;

import io.vigil.metrics.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * How textual class labels become the labels handed to the metrics library: when every label value
 * parses as an integer, labels are {@link Long}s (ordered numerically), otherwise {@link String}s.
 * {@code pos_label} and explicit label lists are converted the same way, so that they compare equal
 * to the data's labels.
 */
public final class Labels {
  private final boolean integers;

  private Labels(boolean integers) {
    this.integers = integers;
  }

  /** The coding of the given label values (all of them, e.g. y_true and y_pred together). */
  @SafeVarargs
  public static Labels infer(Collection<String>... values) {
    for (Collection<String> c : values) {
      if (c == null) continue;
      for (String s : c) if (!isInteger(s)) return new Labels(false);
    }
    return new Labels(true);
  }

  /** True when labels are integers (Long), false when they are strings. */
  public boolean integers() {
    return integers;
  }

  /** One label in this coding; {@code what} names the value in an error (e.g. "pos_label"). */
  public Object convert(String s, String what) {
    if (!integers) return s;
    if (!isInteger(s)) {
      throw new InvalidInputException(what + " '" + s + "' is not an integer, but the labels are integers");
    }
    return Long.parseLong(s.trim());
  }

  public List<Object> convert(List<String> values, String what) {
    List<Object> out = new ArrayList<>(values.size());
    for (String s : values) out.add(convert(s, what));
    return out;
  }

  /** The distinct labels of the given lists in sorted order (numeric for integers). */
  @SafeVarargs
  public static List<Object> sorted(List<?>... values) {
    TreeSet<Object> set = new TreeSet<>();
    for (List<?> l : values) if (l != null) set.addAll(l);
    return new ArrayList<>(set);
  }

  static boolean isInteger(String s) {
    String t = s.trim();
    if (t.isEmpty()) return false;
    try {
      Long.parseLong(t);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
