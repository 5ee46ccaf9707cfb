package io.vigil.metrics.classification;

import io.vigil.metrics.InvalidInputException;
import io.vigil.metrics.Mergeable;
import java.util.List;

/**
 * High-throughput confusion-count accumulator over int-coded labels {@code 0..k-1}: a dense
 * row-major {@code long[k*k]}. Use it when labels are already encoded (e.g. by a model's class
 * index); {@link LabelConfusionAccumulator} handles arbitrary labels.
 */
public final class ConfusionCounter implements Mergeable<ConfusionCounter> {
  private final int k;
  private final long[] m;

  /** @param classCount number of classes k; codes must lie in {@code [0, k)} */
  public ConfusionCounter(int classCount) {
    if (classCount < 1 || (long) classCount * classCount > Integer.MAX_VALUE - 8) {
      throw new InvalidInputException("class count must be in [1, 46340], got " + classCount);
    }
    this.k = classCount;
    this.m = new long[classCount * classCount];
  }

  /** Number of classes. */
  public int classCount() {
    return k;
  }

  /** Counts one sample. */
  public void add(int trueIdx, int predIdx) {
    if (trueIdx < 0 || trueIdx >= k || predIdx < 0 || predIdx >= k) {
      throw outOfRange(trueIdx, predIdx, -1);
    }
    m[trueIdx * k + predIdx]++;
  }

  /** Counts all samples of two parallel arrays. */
  public void add(int[] trueIdx, int[] predIdx) {
    if (trueIdx.length != predIdx.length) {
      throw new InvalidInputException(
          "length mismatch: y_true has " + trueIdx.length + " rows, y_pred " + predIdx.length);
    }
    add(trueIdx, predIdx, 0, trueIdx.length);
  }

  /** Counts samples {@code [from, to)} of two parallel arrays. */
  public void add(int[] trueIdx, int[] predIdx, int from, int to) {
    if (from < 0 || to < from || to > trueIdx.length || to > predIdx.length) {
      throw new InvalidInputException("bad row range [" + from + ", " + to + ")");
    }
    final int kk = k;
    final long[] mm = m;
    for (int i = from; i < to; i++) {
      int t = trueIdx[i];
      int p = predIdx[i];
      // one unsigned compare per code instead of four signed ones keeps the loop tight
      if (Integer.compareUnsigned(t, kk) >= 0 | Integer.compareUnsigned(p, kk) >= 0) {
        throw outOfRange(t, p, i);
      }
      mm[t * kk + p]++;
    }
  }

  private InvalidInputException outOfRange(int t, int p, int row) {
    return new InvalidInputException(
        "label code out of range [0, " + k + "): y_true=" + t + ", y_pred=" + p
            + (row >= 0 ? " at row " + row : ""));
  }

  @Override
  public void merge(ConfusionCounter other) {
    if (other.k != k) {
      throw new InvalidInputException("cannot merge counters of " + other.k + " and " + k + " classes");
    }
    for (int i = 0; i < m.length; i++) {
      m[i] += other.m[i];
    }
  }

  /** Count of samples with true code {@code t} predicted as {@code p}. */
  public long get(int t, int p) {
    return m[t * k + p];
  }

  @Override
  public long count() {
    long s = 0;
    for (long c : m) {
      s += c;
    }
    return s;
  }

  /**
   * Snapshot as a {@link ConfusionMatrix} whose label {@code i} is {@code labels.get(i)}. Metrics
   * over it behave as if every label occurred; use {@link #toPresentMatrix} to keep only labels
   * that occur, as scikit-learn does when no label list is given.
   */
  public <L> ConfusionMatrix<L> toMatrix(List<L> labels) {
    if (labels.size() != k) {
      throw new InvalidInputException("need " + k + " labels, got " + labels.size());
    }
    return ConfusionMatrix.wrap(labels, m.clone());
  }

  /** Snapshot keeping only the codes that occur in y_true or y_pred; {@code labels} must be sorted. */
  public <L> ConfusionMatrix<L> toPresentMatrix(List<L> labels) {
    if (labels.size() != k) {
      throw new InvalidInputException("need " + k + " labels, got " + labels.size());
    }
    return IntLabels.compact(m, k, labels::get);
  }
}
