package io.vigil.metrics.probabilistic;

import io.vigil.metrics.InvalidInputException;

/**
 * Multiclass probability metrics, matching scikit-learn 1.2.1: {@code roc_auc_score} with
 * {@code multi_class="ovr"} (per class, macro, support-weighted) and {@code "ovo"} (macro,
 * Hand &amp; Till), and {@code log_loss} with explicit labels.
 *
 * <p>ROC AUC requires every row to sum to 1 within {@code np.allclose} tolerance
 * ({@code |1 − sum| ≤ 1e-8 + 1e-5·|sum|}); log loss instead renormalises the clipped rows, and
 * requires probabilities in [0, 1]. All failures are {@link InvalidInputException}.
 */
public final class MulticlassProbabilisticMetrics {
  private MulticlassProbabilisticMetrics() {}

  /**
   * One-vs-rest ROC AUC of every class, in label order: column j scored against "true label is
   * labels[j]".
   *
   * @throws InvalidInputException when rows do not sum to 1, or a label has no sample (its
   *     one-vs-rest problem has one class)
   */
  public static double[] rocAucOvrPerClass(MulticlassScores<?> s) {
    requireRowsSumToOne(s);
    int k = s.classCount();
    int n = s.size();
    int[] cls = s.classArray();
    double[] sc = s.scoreArray();
    double[] out = new double[k];
    for (int j = 0; j < k; j++) {
      int np = s.support(j);
      if (np == 0 || np == n) {
        throw new InvalidInputException(
            "one-vs-rest ROC AUC is undefined for label " + s.labels().get(j)
                + ": y_true contains only one class for it ("
                + (np == 0 ? "no sample of it" : "every sample is it") + ")");
      }
      double[] pos = new double[np];
      double[] neg = new double[n - np];
      int a = 0;
      int b = 0;
      for (int i = 0; i < n; i++) {
        double v = sc[i * k + j];
        if (cls[i] == j) {
          pos[a++] = v;
        } else {
          neg[b++] = v;
        }
      }
      out[j] =
          BinaryProbabilisticMetrics.mannWhitneyAuc(
              ScoreSort.sortedKeys(pos), np, ScoreSort.sortedKeys(neg), n - np);
    }
    return out;
  }

  /** Unweighted mean of {@link #rocAucOvrPerClass}. */
  public static double rocAucOvrMacro(MulticlassScores<?> s) {
    double[] per = rocAucOvrPerClass(s);
    double sum = 0.0;
    for (double v : per) {
      sum += v;
    }
    return sum / per.length;
  }

  /** Mean of {@link #rocAucOvrPerClass} weighted by each label's support in y_true. */
  public static double rocAucOvrWeighted(MulticlassScores<?> s) {
    double[] per = rocAucOvrPerClass(s);
    double sum = 0.0;
    for (int j = 0; j < per.length; j++) {
      sum += per[j] * s.support(j);
    }
    return sum / s.size();
  }

  /**
   * One-vs-one macro ROC AUC (Hand &amp; Till 2001): the mean over unordered pairs (a, b) of
   * labels present in y_true of {@code (AUC(a|b) + AUC(b|a)) / 2}, each computed on the samples
   * of a and b only, AUC(a|b) ranking by column a with a as positive. Labels with a column but no
   * sample are left out, as in scikit-learn.
   *
   * @throws InvalidInputException when rows do not sum to 1, or fewer than two labels occur
   */
  public static double rocAucOvoMacro(MulticlassScores<?> s) {
    requireRowsSumToOne(s);
    int k = s.classCount();
    int n = s.size();
    int[] cls = s.classArray();
    double[] sc = s.scoreArray();
    // Rows grouped by class, so that each pair only touches its own samples.
    int[] start = new int[k + 1];
    for (int j = 0; j < k; j++) {
      start[j + 1] = start[j] + s.support(j);
    }
    int[] rows = new int[n];
    int[] fill = start.clone();
    for (int i = 0; i < n; i++) {
      rows[fill[cls[i]]++] = i;
    }
    int present = 0;
    for (int j = 0; j < k; j++) {
      if (s.support(j) > 0) {
        present++;
      }
    }
    if (present < 2) {
      throw new InvalidInputException(
          "one-vs-one ROC AUC is undefined: y_true contains only one class");
    }
    double sum = 0.0;
    int pairs = 0;
    for (int a = 0; a < k; a++) {
      if (s.support(a) == 0) {
        continue;
      }
      for (int b = a + 1; b < k; b++) {
        if (s.support(b) == 0) {
          continue;
        }
        double ab = pairAuc(sc, k, rows, start, a, b);
        double ba = pairAuc(sc, k, rows, start, b, a);
        sum += (ab + ba) / 2.0;
        pairs++;
      }
    }
    return sum / pairs;
  }

  /** AUC of column {@code pos} separating samples of class {@code pos} from those of {@code neg}. */
  private static double pairAuc(double[] sc, int k, int[] rows, int[] start, int pos, int neg) {
    double[] p = new double[start[pos + 1] - start[pos]];
    double[] q = new double[start[neg + 1] - start[neg]];
    for (int r = 0; r < p.length; r++) {
      p[r] = sc[rows[start[pos] + r] * k + pos];
    }
    for (int r = 0; r < q.length; r++) {
      q[r] = sc[rows[start[neg] + r] * k + pos];
    }
    return BinaryProbabilisticMetrics.mannWhitneyAuc(
        ScoreSort.sortedKeys(p), p.length, ScoreSort.sortedKeys(q), q.length);
  }

  /**
   * Multiclass log loss as scikit-learn 1.2.1 {@code log_loss(labels=…)}: every probability is
   * clipped to {@code [eps, 1−eps]} (eps = {@link BinaryProbabilisticMetrics#LOG_LOSS_EPS}), each
   * row is divided by its sum, and the result is the mean of {@code −ln p_true}. Rows need not sum
   * to 1 (they are renormalised), and y_true may contain a single class since the labels are
   * given.
   *
   * @throws InvalidInputException when a probability is outside [0, 1]
   */
  public static double logLoss(MulticlassScores<?> s) {
    int k = s.classCount();
    int n = s.size();
    int[] cls = s.classArray();
    double[] sc = s.scoreArray();
    for (int i = 0; i < sc.length; i++) {
      if (!(sc[i] >= 0.0 && sc[i] <= 1.0)) {
        throw new InvalidInputException(
            "y_score[" + (i / k) + "][" + (i % k) + "] = " + sc[i]
                + " is not a probability in [0, 1]");
      }
    }
    double loss = 0.0;
    for (int i = 0; i < n; i++) {
      int base = i * k;
      double rowSum = 0.0;
      for (int j = 0; j < k; j++) {
        rowSum += BinaryProbabilisticMetrics.clip(sc[base + j]);
      }
      loss -= Math.log(BinaryProbabilisticMetrics.clip(sc[base + cls[i]]) / rowSum);
    }
    return loss / n;
  }

  private static void requireRowsSumToOne(MulticlassScores<?> s) {
    int k = s.classCount();
    double[] sc = s.scoreArray();
    for (int i = 0; i < s.size(); i++) {
      double sum = 0.0;
      for (int j = 0; j < k; j++) {
        sum += sc[i * k + j];
      }
      // np.allclose(1, sum): |1 - sum| <= atol + rtol * |sum|
      if (!(Math.abs(1.0 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
        throw new InvalidInputException(
            "y_score row " + i + " sums to " + sum
                + "; multiclass ROC AUC needs probabilities that sum to 1 over the classes");
      }
    }
  }
}
