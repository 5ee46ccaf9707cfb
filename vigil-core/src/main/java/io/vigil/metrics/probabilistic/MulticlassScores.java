package io.vigil.metrics.probabilistic;

import io.vigil.metrics.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Validated multiclass input: for every sample its true class, and a row of K scores (usually
 * probabilities) where column j belongs to {@code labels.get(j)}.
 *
 * <p>The metrics need every row at once, so this holds complete arrays. Construction rejects,
 * with {@link InvalidInputException}: empty input, length mismatch, a row whose length is not
 * K, non-finite scores, null/NaN/duplicate labels, fewer than two labels, and a true label that
 * is not in {@code labels}. Whether rows must sum to 1 or lie in [0, 1] depends on the metric.
 *
 * @param <L> label type
 */
public final class MulticlassScores<L> {
  private final List<L> labels;
  private final int[] classOf;
  private final double[] scores; // row-major n × K
  private final int[] support;

  private MulticlassScores(List<L> labels, int[] classOf, double[] scores) {
    this.labels = labels;
    this.classOf = classOf;
    this.scores = scores;
    this.support = new int[labels.size()];
    for (int c : classOf) {
      support[c]++;
    }
  }

  /**
   * @param yTrue true label per sample, each one of {@code labels}
   * @param yScore n rows of K scores; column j belongs to {@code labels.get(j)}
   * @param labels the K distinct class labels, in column order
   */
  public static <L> MulticlassScores<L> of(List<L> yTrue, double[][] yScore, List<L> labels) {
    Objects.requireNonNull(yTrue, "yTrue");
    Objects.requireNonNull(yScore, "yScore");
    Objects.requireNonNull(labels, "labels");
    int k = labels.size();
    if (k < 2) {
      throw new InvalidInputException("need at least two labels, got " + labels);
    }
    Map<Object, Integer> index = new HashMap<>();
    for (int j = 0; j < k; j++) {
      L label = labels.get(j);
      BinaryScores.checkLabel(label, "labels[" + j + "]");
      if (index.put(label, j) != null) {
        throw new InvalidInputException("labels must be distinct; " + label + " occurs twice");
      }
    }
    int n = yTrue.size();
    if (n == 0 && yScore.length == 0) {
      throw new InvalidInputException("empty input: y_true and y_score have no samples");
    }
    if (n != yScore.length) {
      throw new InvalidInputException(
          "length mismatch: y_true has " + n + " samples, y_score has " + yScore.length + " rows");
    }
    int[] classOf = new int[n];
    double[] flat = new double[n * k];
    int i = 0;
    for (L y : yTrue) {
      BinaryScores.checkLabel(y, "y_true[" + i + "]");
      Integer c = index.get(y);
      if (c == null) {
        throw new InvalidInputException("y_true[" + i + "] = " + y + " is not in labels " + labels);
      }
      classOf[i] = c;
      double[] row = yScore[i];
      if (row == null || row.length != k) {
        throw new InvalidInputException(
            "y_score row " + i + " has " + (row == null ? 0 : row.length) + " columns, expected "
                + k + " (one per label)");
      }
      for (int j = 0; j < k; j++) {
        if (!Double.isFinite(row[j])) {
          throw new InvalidInputException(
              "y_score[" + i + "][" + j + "] is " + row[j] + "; scores must be finite");
        }
        flat[i * k + j] = row[j];
      }
      i++;
    }
    return new MulticlassScores<>(
        Collections.unmodifiableList(new ArrayList<>(labels)), classOf, flat);
  }

  /** Integer labels; see {@link #of(List, double[][], List)}. */
  public static MulticlassScores<Integer> of(int[] yTrue, double[][] yScore, int[] labels) {
    Objects.requireNonNull(yTrue, "yTrue");
    Objects.requireNonNull(labels, "labels");
    List<Integer> y = new ArrayList<>(yTrue.length);
    for (int v : yTrue) {
      y.add(v);
    }
    List<Integer> l = new ArrayList<>(labels.length);
    for (int v : labels) {
      l.add(v);
    }
    return of(y, yScore, l);
  }

  /** The class labels in column order. */
  public List<L> labels() {
    return labels;
  }

  /** Number of samples. */
  public int size() {
    return classOf.length;
  }

  /** Number of classes (columns). */
  public int classCount() {
    return labels.size();
  }

  /** Number of samples whose true label is {@code labels().get(j)}. */
  public int support(int j) {
    return support[j];
  }

  /** Column index of the true label of sample {@code i}. */
  public int classIndex(int i) {
    return classOf[i];
  }

  /** Score of sample {@code i} in column {@code j}. */
  public double score(int i, int j) {
    return scores[i * labels.size() + j];
  }

  int[] classArray() {
    return classOf;
  }

  double[] scoreArray() {
    return scores;
  }
}
