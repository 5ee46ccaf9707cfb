package io.vigil.metrics.classification;

import io.vigil.metrics.InvalidInputException;
import io.vigil.metrics.Mergeable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streaming confusion counts over arbitrary labels (Integer, Long, String, ...). Labels get codes in
 * arrival order; {@link #result()} sorts them (see {@link LabelOrder}), so the outcome does not
 * depend on the order of rows, partitions or merges.
 *
 * @param <L> label type; all labels must have the same class
 */
public final class LabelConfusionAccumulator<L> implements Mergeable<LabelConfusionAccumulator<L>> {
  private final Map<L, Integer> codes = new HashMap<>();
  private final List<L> labelsByCode = new ArrayList<>();
  private Class<?> labelType;
  private int cap = 4;
  private long[] m = new long[cap * cap];
  private long rows;

  /** Counts one sample; rejects null and NaN labels and mixed label types. */
  public void add(L trueLabel, L predLabel) {
    int t = code(trueLabel, "y_true");
    int p = code(predLabel, "y_pred");
    m[t * cap + p]++;
    rows++;
  }

  /** Counts all samples of two parallel lists. */
  public void addAll(List<? extends L> yTrue, List<? extends L> yPred) {
    if (yTrue.size() != yPred.size()) {
      throw new InvalidInputException(
          "length mismatch: y_true has " + yTrue.size() + " rows, y_pred " + yPred.size());
    }
    for (int i = 0; i < yTrue.size(); i++) {
      int t = code(yTrue.get(i), "y_true", i);
      int p = code(yPred.get(i), "y_pred", i);
      m[t * cap + p]++;
    }
    rows += yTrue.size();
  }

  private int code(L label, String side) {
    return code(label, side, -1);
  }

  private int code(L label, String side, int row) {
    Integer c = label == null ? null : codes.get(label);
    if (c != null) {
      return c;
    }
    String where = row >= 0 ? side + "[" + row + "]" : side;
    LabelOrder.check(label, where);
    LabelOrder.checkSameType(labelType, label, where);
    labelType = label.getClass();
    int code = labelsByCode.size();
    if (code == cap) {
      grow();
    }
    codes.put(label, code);
    labelsByCode.add(label);
    return code;
  }

  private void grow() {
    int nc = cap * 2;
    long[] n = new long[nc * nc];
    for (int i = 0; i < cap; i++) {
      System.arraycopy(m, i * cap, n, i * nc, cap);
    }
    m = n;
    cap = nc;
  }

  @Override
  public void merge(LabelConfusionAccumulator<L> other) {
    int k = other.labelsByCode.size();
    int[] map = new int[k];
    for (int i = 0; i < k; i++) {
      map[i] = code(other.labelsByCode.get(i), "merged accumulator");
    }
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        m[map[i] * cap + map[j]] += other.m[i * other.cap + j];
      }
    }
    rows += other.rows;
  }

  @Override
  public long count() {
    return rows;
  }

  /**
   * The confusion matrix over the sorted union of the labels seen.
   *
   * @throws InvalidInputException when no rows were added
   */
  public ConfusionMatrix<L> result() {
    if (rows == 0) {
      throw new InvalidInputException("empty input: no samples");
    }
    int k = labelsByCode.size();
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> LabelOrder.compare(labelsByCode.get(a), labelsByCode.get(b)));
    List<L> labels = new ArrayList<>(k);
    for (Integer code : order) {
      labels.add(labelsByCode.get(code));
    }
    long[] out = new long[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        out[i * k + j] = m[order[i] * cap + order[j]];
      }
    }
    return ConfusionMatrix.wrap(labels, out);
  }
}
