package io.vigil.server.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A left-aligned text table for the terminal, and the number format used in it. */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) {
    rows.add(header);
  }

  TextTable row(String... cells) {
    rows.add(cells);
    return this;
  }

  void print(PrintWriter out) {
    int cols = rows.get(0).length;
    int[] width = new int[cols];
    for (String[] r : rows) for (int i = 0; i < cols; i++) width[i] = Math.max(width[i], r[i].length());
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < cols; i++) {
        b.append(r[i]);
        if (i < cols - 1) b.append(" ".repeat(width[i] - r[i].length() + 2));
      }
      out.println(b.toString().stripTrailing());
    }
  }

  /** Integers as integers; otherwise the shortest text that reads back as the same double. */
  static String exact(double v) {
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return Double.toString(v);
  }

  /** Four significant digits, plain between 1e-4 and 1e6, scientific outside. */
  static String short4(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) return exact(v);
    if (v == 0) return "0";
    double a = Math.abs(v);
    if (a >= 1e-4 && a < 1e6) {
      return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.3e", v);
  }
}
