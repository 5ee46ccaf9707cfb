package io.vigil.metrics.classification;

import io.vigil.metrics.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/** Builds confusion matrices straight from int label arrays, without boxing each row. */
final class IntLabels {
  /** Above this value range the direct range×range matrix would not fit in cache. */
  private static final int DIRECT_RANGE = 256;
  /** Above this value range a lookup table would be too large; sort the distinct values instead. */
  private static final int TABLE_RANGE = 1 << 22;

  private IntLabels() {}

  static ConfusionMatrix<Integer> confusionMatrix(int[] yTrue, int[] yPred) {
    if (yTrue.length != yPred.length) {
      throw new InvalidInputException(
          "length mismatch: y_true has " + yTrue.length + " rows, y_pred " + yPred.length);
    }
    if (yTrue.length == 0) {
      throw new InvalidInputException("empty input: no samples");
    }
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int i = 0; i < yTrue.length; i++) {
      min = Math.min(min, Math.min(yTrue[i], yPred[i]));
      max = Math.max(max, Math.max(yTrue[i], yPred[i]));
    }
    long range = (long) max - min + 1;
    if (range <= DIRECT_RANGE) {
      int r = (int) range;
      long[] m = new long[r * r];
      final int base = min;
      for (int i = 0; i < yTrue.length; i++) {
        m[(yTrue[i] - base) * r + (yPred[i] - base)]++;
      }
      return compact(m, r, c -> c + base);
    }
    int[] distinct;
    int[] codeT = new int[yTrue.length];
    int[] codeP = new int[yPred.length];
    if (range <= TABLE_RANGE) {
      int[] table = new int[(int) range];
      for (int i = 0; i < yTrue.length; i++) {
        table[yTrue[i] - min] = 1;
        table[yPred[i] - min] = 1;
      }
      int n = 0;
      for (int v = 0; v < table.length; v++) {
        if (table[v] != 0) {
          table[v] = n++;
        }
      }
      distinct = new int[n];
      for (int i = 0; i < yTrue.length; i++) {
        codeT[i] = table[yTrue[i] - min];
        codeP[i] = table[yPred[i] - min];
        distinct[codeT[i]] = yTrue[i];
        distinct[codeP[i]] = yPred[i];
      }
    } else {
      int[] all = Arrays.copyOf(yTrue, yTrue.length * 2);
      System.arraycopy(yPred, 0, all, yTrue.length, yPred.length);
      distinct = Arrays.stream(all).sorted().distinct().toArray();
      for (int i = 0; i < yTrue.length; i++) {
        codeT[i] = Arrays.binarySearch(distinct, yTrue[i]);
        codeP[i] = Arrays.binarySearch(distinct, yPred[i]);
      }
    }
    ConfusionCounter counter = new ConfusionCounter(distinct.length);
    counter.add(codeT, codeP);
    List<Integer> labels = new ArrayList<>(distinct.length);
    for (int v : distinct) {
      labels.add(v);
    }
    return counter.toMatrix(labels);
  }

  /** Drops the codes that occur neither as true nor as predicted label (codes are in sorted order). */
  static <L> ConfusionMatrix<L> compact(long[] m, int r, IntFunction<L> labelOf) {
    boolean[] present = new boolean[r];
    int n = 0;
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < r; j++) {
        if (m[i * r + j] != 0) {
          present[i] = true;
          present[j] = true;
        }
      }
    }
    int[] keep = new int[r];
    List<L> labels = new ArrayList<>();
    for (int i = 0; i < r; i++) {
      if (present[i]) {
        keep[n++] = i;
        labels.add(labelOf.apply(i));
      }
    }
    long[] out = new long[n * n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        out[a * n + b] = m[keep[a] * r + keep[b]];
      }
    }
    return ConfusionMatrix.wrap(labels, out);
  }
}
