package io.vigil.metrics.classification;

import io.vigil.metrics.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-k accuracy from an n×K score matrix: a sample is a hit when its true label is among the k
 * highest-scoring columns. Among equal scores the column with the higher index ranks first
 * (scikit-learn 1.2.1 reverses a stable ascending sort), so no sort is needed: the true column's
 * rank is the number of columns that beat it.
 */
public final class TopKAccuracy {
  private TopKAccuracy() {}

  /**
   * @param yTrue true labels, each one of {@code labels}
   * @param yScore n rows of K scores; column j scores {@code labels.get(j)}
   * @param labels the K labels, sorted (see {@link LabelOrder}) and distinct
   * @param k number of top columns that count as a hit, ≥ 1; k ≥ K gives 1.0
   */
  public static <L> double compute(List<L> yTrue, double[][] yScore, List<L> labels, int k) {
    int[] codes = encode(yTrue, yScore, labels);
    if (k < 1) {
      throw new InvalidInputException("k must be >= 1, got " + k);
    }
    long hits = 0;
    for (int i = 0; i < codes.length; i++) {
      if (rank(yScore[i], codes[i]) < k) {
        hits++;
      }
    }
    return (double) hits / codes.length;
  }

  /** Position (0 = best) of column {@code c} in the tie-broken descending order of {@code row}. */
  static int rank(double[] row, int c) {
    double s = row[c];
    int rank = 0;
    for (int j = 0; j < row.length; j++) {
      if (row[j] > s || (row[j] == s && j > c)) {
        rank++;
      }
    }
    return rank;
  }

  private static <L> int[] encode(List<L> yTrue, double[][] yScore, List<L> labels) {
    if (yTrue.isEmpty()) {
      throw new InvalidInputException("empty input: no samples");
    }
    if (yTrue.size() != yScore.length) {
      throw new InvalidInputException(
          "length mismatch: y_true has " + yTrue.size() + " rows, y_score " + yScore.length);
    }
    int kCols = labels.size();
    if (kCols < 2) {
      throw new InvalidInputException("top-k accuracy needs at least 2 labels, got " + labels);
    }
    Map<L, Integer> index = new HashMap<>();
    for (int j = 0; j < kCols; j++) {
      L label = labels.get(j);
      LabelOrder.check(label, "labels[" + j + "]");
      if (j > 0 && LabelOrder.compare(labels.get(j - 1), label) >= 0) {
        throw new InvalidInputException("labels must be sorted and distinct: " + labels);
      }
      index.put(label, j);
    }
    int[] codes = new int[yTrue.size()];
    for (int i = 0; i < codes.length; i++) {
      L t = yTrue.get(i);
      LabelOrder.check(t, "y_true[" + i + "]");
      Integer c = index.get(t);
      if (c == null) {
        throw new InvalidInputException("y_true[" + i + "] = " + t + " is not one of the labels " + labels);
      }
      codes[i] = c;
      double[] row = yScore[i];
      if (row == null || row.length != kCols) {
        throw new InvalidInputException(
            "y_score row " + i + " must have " + kCols + " scores, got " + (row == null ? "null" : row.length));
      }
      for (double v : row) {
        if (!Double.isFinite(v)) {
          throw new InvalidInputException("non-finite score " + v + " in y_score row " + i);
        }
      }
    }
    return codes;
  }
}
