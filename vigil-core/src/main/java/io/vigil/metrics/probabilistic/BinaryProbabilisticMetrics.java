package io.vigil.metrics.probabilistic;

import io.vigil.metrics.InvalidInputException;
import java.util.Arrays;

/**
 * Binary score-based metrics, matching scikit-learn 1.2.1 ({@code roc_auc_score},
 * {@code average_precision_score}, {@code log_loss}, {@code brier_score_loss}, {@code roc_curve},
 * {@code precision_recall_curve}).
 *
 * <p>Tied scores form a single threshold everywhere. Metrics that need probabilities (log loss,
 * Brier score) reject scores outside [0, 1]; ROC AUC and log loss reject input with a single
 * class. All failures are {@link InvalidInputException}.
 */
public final class BinaryProbabilisticMetrics {
  /**
   * The clipping epsilon of scikit-learn 1.2.1 {@code log_loss(eps="auto")}: float64 machine
   * epsilon, 2.220446049250313e-16.
   */
  public static final double LOG_LOSS_EPS = Math.ulp(1.0);

  private BinaryProbabilisticMetrics() {}

  /**
   * Area under the ROC curve: the Mann-Whitney statistic with ties counted ½, divided by
   * positives × negatives, which equals the trapezoidal area over distinct thresholds. Runs in
   * O(n) after sorting the positive and the negative scores separately.
   *
   * @throws InvalidInputException when y_true has only one class
   */
  public static double rocAuc(BinaryScores s) {
    requireBothClasses(s, "ROC AUC");
    Object[] split = sortedKeysByClass(s);
    int[] len = (int[]) split[2];
    return mannWhitneyAuc((long[]) split[0], len[0], (long[]) split[1], len[1]);
  }

  /**
   * Average precision: {@code Σ (R_n − R_{n−1})·P_n} over distinct thresholds in decreasing
   * order, without interpolation. 0.0 when there are no positives (as scikit-learn, which sets
   * recall to 1 everywhere in that case).
   */
  public static double averagePrecision(BinaryScores s) {
    if (s.positives() == 0) {
      return 0.0;
    }
    Table t = table(s);
    double pos = s.positives();
    double ap = 0.0;
    double prevRecall = 0.0;
    for (int k = 0; k < t.size; k++) {
      double recall = t.tps[k] / pos;
      double precision = (double) t.tps[k] / (t.tps[k] + t.fps[k]);
      ap += (recall - prevRecall) * precision;
      prevRecall = recall;
    }
    return ap;
  }

  /**
   * Log loss (cross-entropy) of the positive-class probabilities, as scikit-learn 1.2.1: each
   * probability is clipped to {@code [eps, 1−eps]} with eps = {@link #LOG_LOSS_EPS}, the pair
   * {@code [1−p, p]} is divided by its sum, and the result is the mean of {@code −ln p_true}.
   *
   * @throws InvalidInputException when a score is outside [0, 1] or y_true has only one class
   */
  public static double logLoss(BinaryScores s) {
    requireProbabilities(s);
    if (s.positives() == 0 || s.negatives() == 0) {
      throw new InvalidInputException(
          "log loss is undefined: y_true contains only one class ("
              + (s.positives() == 0 ? "no positives" : "no negatives") + ")");
    }
    boolean[] pos = s.positiveArray();
    double[] p = s.scoreArray();
    double sum = 0.0;
    for (int i = 0; i < p.length; i++) {
      double q = clip(p[i]);
      double q0 = 1.0 - q;
      // The row renormalisation of scikit-learn: (1−q) + q is not always exactly 1.
      double rowSum = q0 + q;
      sum -= Math.log((pos[i] ? q : q0) / rowSum);
    }
    return sum / p.length;
  }

  /**
   * Brier score: the mean of {@code (1[positive] − p)²}. Defined for single-class input too.
   *
   * @throws InvalidInputException when a score is outside [0, 1]
   */
  public static double brierScore(BinaryScores s) {
    requireProbabilities(s);
    boolean[] pos = s.positiveArray();
    double[] p = s.scoreArray();
    double sum = 0.0;
    for (int i = 0; i < p.length; i++) {
      double d = (pos[i] ? 1.0 : 0.0) - p[i];
      sum += d * d;
    }
    return sum / p.length;
  }

  /**
   * ROC curve as scikit-learn 1.2.1 {@code roc_curve}. With {@code dropIntermediate}, a point is
   * kept only when it is the first or the last, or when the second difference of the cumulative
   * false- or true-positive counts there is nonzero (a corner); then the origin is prepended with
   * threshold {@code max(score) + 1}. A class absent from the data makes its rate all NaN.
   */
  public static RocCurve rocCurve(BinaryScores s, boolean dropIntermediate) {
    Table t = table(s);
    int m = t.size;
    int[] keep = new int[m];
    int kept = 0;
    for (int k = 0; k < m; k++) {
      if (!dropIntermediate || m <= 2 || k == 0 || k == m - 1
          || t.fps[k - 1] - 2 * t.fps[k] + t.fps[k + 1] != 0
          || t.tps[k - 1] - 2 * t.tps[k] + t.tps[k + 1] != 0) {
        keep[kept++] = k;
      }
    }
    double[] fpr = new double[kept + 1];
    double[] tpr = new double[kept + 1];
    double[] thr = new double[kept + 1];
    thr[0] = t.thresholds[0] + 1.0;
    double neg = s.negatives();
    double pos = s.positives();
    for (int r = 0; r < kept; r++) {
      int k = keep[r];
      fpr[r + 1] = t.fps[k] / neg;
      tpr[r + 1] = t.tps[k] / pos;
      thr[r + 1] = t.thresholds[k];
    }
    if (neg == 0) {
      Arrays.fill(fpr, Double.NaN);
    }
    if (pos == 0) {
      Arrays.fill(tpr, Double.NaN);
    }
    return new RocCurve(fpr, tpr, thr);
  }

  /**
   * Precision-recall curve as scikit-learn 1.2.1 {@code precision_recall_curve}: one point per
   * distinct score in increasing threshold order, then (precision 1, recall 0) without a
   * threshold. With no positives, recall is 1 at every threshold.
   */
  public static PrecisionRecallCurve precisionRecallCurve(BinaryScores s) {
    Table t = table(s);
    int m = t.size;
    double[] precision = new double[m + 1];
    double[] recall = new double[m + 1];
    double[] thr = new double[m];
    double pos = s.positives();
    for (int k = 0; k < m; k++) {
      int r = m - 1 - k; // increasing thresholds
      precision[r] = (double) t.tps[k] / (t.tps[k] + t.fps[k]);
      recall[r] = pos == 0 ? 1.0 : t.tps[k] / pos;
      thr[r] = t.thresholds[k];
    }
    precision[m] = 1.0;
    recall[m] = 0.0;
    return new PrecisionRecallCurve(precision, recall, thr);
  }

  // ---------------------------------------------------------------------------------------------

  static double clip(double p) {
    return Math.min(Math.max(p, LOG_LOSS_EPS), 1.0 - LOG_LOSS_EPS);
  }

  private static void requireBothClasses(BinaryScores s, String metric) {
    if (s.positives() == 0 || s.negatives() == 0) {
      throw new InvalidInputException(
          metric + " is undefined: y_true contains only one class ("
              + (s.positives() == 0 ? "no positives" : "no negatives") + ")");
    }
  }

  private static void requireProbabilities(BinaryScores s) {
    double[] p = s.scoreArray();
    for (int i = 0; i < p.length; i++) {
      if (!(p[i] >= 0.0 && p[i] <= 1.0)) {
        throw new InvalidInputException(
            "y_score[" + i + "] = " + p[i] + " is not a probability in [0, 1]");
      }
    }
  }

  /**
   * Encoded keys ({@link ScoreSort#encode}) of the positive and of the negative scores, each
   * sorted ascending; element 2 holds the two lengths. Split without branching on the (random)
   * labels: each key is written to both arrays and only one index advances.
   */
  private static Object[] sortedKeysByClass(BinaryScores s) {
    boolean[] positive = s.positiveArray();
    double[] scores = s.scoreArray();
    int np = s.positives();
    int nn = s.negatives();
    long[] pos = new long[np + 1];
    long[] neg = new long[nn + 1];
    int a = 0;
    int b = 0;
    for (int i = 0; i < scores.length; i++) {
      long k = ScoreSort.encode(scores[i]);
      pos[a] = k;
      neg[b] = k;
      int t = positive[i] ? 1 : 0;
      a += t;
      b += 1 - t;
    }
    return new Object[] {ScoreSort.sort(pos, np), ScoreSort.sort(neg, nn), new int[] {np, nn}};
  }

  /**
   * Mann-Whitney AUC from ascending encoded positive and negative scores (equal keys are equal
   * scores): for each run of equal positive scores, count the negatives strictly below plus half
   * the negatives equal to it. Kept in a long as twice the U statistic, so it is exact until the
   * final division.
   */
  static double mannWhitneyAuc(long[] pos, int np, long[] neg, int nn) {
    long twiceU = 0;
    int i = 0;
    int j = 0;
    while (i < np) {
      long v = pos[i];
      int iEnd = i + 1;
      while (iEnd < np && pos[iEnd] == v) {
        iEnd++;
      }
      while (j < nn && neg[j] < v) {
        j++;
      }
      int jEnd = j;
      while (jEnd < nn && neg[jEnd] == v) {
        jEnd++;
      }
      twiceU += (long) (iEnd - i) * (2L * j + (jEnd - j));
      i = iEnd;
      j = jEnd;
    }
    return twiceU / (2.0 * np * (double) nn);
  }

  /** Distinct thresholds in decreasing order with cumulative true/false positives at each. */
  static final class Table {
    final double[] thresholds;
    final long[] tps;
    final long[] fps;
    final int size;

    Table(double[] thresholds, long[] tps, long[] fps, int size) {
      this.thresholds = thresholds;
      this.tps = tps;
      this.fps = fps;
      this.size = size;
    }
  }

  /** Builds the threshold table by merging the two sorted classes from the top. */
  static Table table(BinaryScores s) {
    Object[] split = sortedKeysByClass(s);
    long[] pos = (long[]) split[0];
    long[] neg = (long[]) split[1];
    int[] len = (int[]) split[2];
    int n = len[0] + len[1];
    double[] thr = new double[n];
    long[] tps = new long[n];
    long[] fps = new long[n];
    int i = len[0] - 1;
    int j = len[1] - 1;
    long tp = 0;
    long fp = 0;
    int m = 0;
    while (i >= 0 || j >= 0) {
      long v;
      if (i < 0) {
        v = neg[j];
      } else if (j < 0) {
        v = pos[i];
      } else {
        v = Math.max(pos[i], neg[j]);
      }
      while (i >= 0 && pos[i] == v) {
        tp++;
        i--;
      }
      while (j >= 0 && neg[j] == v) {
        fp++;
        j--;
      }
      thr[m] = ScoreSort.decode(v);
      tps[m] = tp;
      fps[m] = fp;
      m++;
    }
    return new Table(thr, tps, fps, m);
  }
}
