package io.vigil.metrics.classification;

import io.vigil.metrics.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Immutable square count matrix: rows are true labels, columns predicted labels, both in
 * {@link #labels()} order. It is the sufficient statistic for every label metric in
 * {@link ClassificationMetrics}.
 *
 * @param <L> label type
 */
public final class ConfusionMatrix<L> {
  private final List<L> labels;
  private final int k;
  private final long[] counts; // row-major k*k

  private ConfusionMatrix(List<L> labels, long[] counts) {
    this.labels = labels;
    this.k = labels.size();
    this.counts = counts;
  }

  /** Wraps a row-major k×k count array (not copied; callers hand over ownership). */
  static <L> ConfusionMatrix<L> wrap(List<L> labels, long[] counts) {
    return new ConfusionMatrix<>(Collections.unmodifiableList(new ArrayList<>(labels)), counts);
  }

  /** Builds a matrix from explicit counts ({@code counts[true][pred]}), in the given label order. */
  public static <L> ConfusionMatrix<L> of(List<L> labels, long[][] counts) {
    int k = labels.size();
    if (counts.length != k) {
      throw new InvalidInputException("confusion matrix has " + counts.length + " rows for " + k + " labels");
    }
    if (new HashSet<>(labels).size() != k) {
      throw new InvalidInputException("duplicate labels in " + labels);
    }
    long[] flat = new long[k * k];
    for (int i = 0; i < k; i++) {
      if (counts[i].length != k) {
        throw new InvalidInputException("confusion matrix row " + i + " has " + counts[i].length + " columns, expected " + k);
      }
      for (int j = 0; j < k; j++) {
        if (counts[i][j] < 0) {
          throw new InvalidInputException("negative count at [" + i + "][" + j + "]");
        }
        flat[i * k + j] = counts[i][j];
      }
    }
    return wrap(labels, flat);
  }

  /** The labels, in row/column order. */
  public List<L> labels() {
    return labels;
  }

  /** Number of labels (rows = columns). */
  public int size() {
    return k;
  }

  /** Number of samples with true label index {@code t} and predicted label index {@code p}. */
  public long count(int t, int p) {
    return counts[t * k + p];
  }

  /** Total number of samples counted. */
  public long total() {
    long s = 0;
    for (long c : counts) {
      s += c;
    }
    return s;
  }

  /** Number of correct predictions (the trace). */
  public long correct() {
    long s = 0;
    for (int i = 0; i < k; i++) {
      s += counts[i * k + i];
    }
    return s;
  }

  /** Per-label count in y_true (row sums). */
  public long[] support() {
    long[] r = new long[k];
    for (int i = 0; i < k; i++) {
      long s = 0;
      for (int j = 0; j < k; j++) {
        s += counts[i * k + j];
      }
      r[i] = s;
    }
    return r;
  }

  /** Per-label count in y_pred (column sums). */
  public long[] predicted() {
    long[] r = new long[k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        r[j] += counts[i * k + j];
      }
    }
    return r;
  }

  /** Per-label true positives (the diagonal). */
  public long[] truePositives() {
    long[] r = new long[k];
    for (int i = 0; i < k; i++) {
      r[i] = counts[i * k + i];
    }
    return r;
  }

  /** Index of a label, or -1 when it is not one of {@link #labels()}. */
  public int indexOf(L label) {
    return labels.indexOf(label);
  }

  /**
   * The matrix over another label order: a label absent from this matrix gives a zero row and
   * column, and samples whose true or predicted label is not in {@code order} are dropped.
   */
  public ConfusionMatrix<L> reorder(List<L> order) {
    if (order.isEmpty()) {
      throw new InvalidInputException("label order must contain at least one label");
    }
    Map<L, Integer> old = new HashMap<>();
    for (int i = 0; i < k; i++) {
      old.put(labels.get(i), i);
    }
    int m = order.size();
    int[] map = new int[m];
    boolean anyTrue = false;
    long[] support = support();
    for (int i = 0; i < m; i++) {
      LabelOrder.check(order.get(i), "labels[" + i + "]");
      Integer idx = old.get(order.get(i));
      map[i] = idx == null ? -1 : idx;
      anyTrue |= idx != null && support[idx] > 0;
    }
    if (new HashSet<>(order).size() != m) {
      throw new InvalidInputException("duplicate labels in label order " + order);
    }
    if (!anyTrue) {
      // sklearn rejects this too: the matrix would say nothing about the data
      throw new InvalidInputException("none of the labels " + order + " occurs in y_true");
    }
    long[] r = new long[m * m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        if (map[i] >= 0 && map[j] >= 0) {
          r[i * m + j] = counts[map[i] * k + map[j]];
        }
      }
    }
    return wrap(order, r);
  }

  /** Copy of the counts as {@code [true][pred]}. */
  public long[][] toArray() {
    long[][] r = new long[k][k];
    for (int i = 0; i < k; i++) {
      System.arraycopy(counts, i * k, r[i], 0, k);
    }
    return r;
  }

  @Override
  public String toString() {
    return "ConfusionMatrix" + labels + java.util.Arrays.deepToString(toArray());
  }
}
