package io.vigil.metrics.classification;

import io.vigil.metrics.InvalidInputException;

/**
 * Label metrics derived from a {@link ConfusionMatrix} alone, with scikit-learn 1.2.1 semantics and
 * {@code zero_division = 0}: any ratio with a zero denominator is 0.0. Because only counts are
 * needed, every metric here works on merged streaming accumulators.
 */
public final class ClassificationMetrics {
  private ClassificationMetrics() {}

  /** Fraction of correct predictions. */
  public static double accuracy(ConfusionMatrix<?> cm) {
    return (double) cm.correct() / nonEmpty(cm);
  }

  /** Fraction of wrong predictions (1 − accuracy for single-label data). */
  public static double hammingLoss(ConfusionMatrix<?> cm) {
    long n = nonEmpty(cm);
    return (double) (n - cm.correct()) / n;
  }

  /** Mean recall over the classes that occur in y_true; classes only predicted are left out. */
  public static double balancedAccuracy(ConfusionMatrix<?> cm) {
    nonEmpty(cm);
    long[] support = cm.support();
    long[] tp = cm.truePositives();
    double sum = 0;
    int classes = 0;
    for (int i = 0; i < support.length; i++) {
      if (support[i] > 0) {
        sum += (double) tp[i] / support[i];
        classes++;
      }
    }
    if (classes == 0) {
      throw new InvalidInputException("balanced accuracy: no sample has a true label in the label set");
    }
    return sum / classes;
  }

  /** Multiclass Matthews correlation coefficient; 0.0 when its denominator is 0 (e.g. one class). */
  public static double matthewsCorrcoef(ConfusionMatrix<?> cm) {
    long s = nonEmpty(cm);
    long c = cm.correct();
    long[] t = cm.support();
    long[] p = cm.predicted();
    if (s <= 3_000_000_000L) {
      // exact in 64-bit integers, as numpy computes it
      long tp = dot(t, p);
      long pp = dot(p, p);
      long tt = dot(t, t);
      long cov = c * s - tp;
      long covP = s * s - pp;
      long covT = s * s - tt;
      if (covP == 0 || covT == 0) {
        return 0.0;
      }
      return cov / Math.sqrt((double) covT * (double) covP);
    }
    double ds = s;
    double cov = c * ds - ddot(t, p);
    double covP = ds * ds - ddot(p, p);
    double covT = ds * ds - ddot(t, t);
    if (covP == 0 || covT == 0) {
      return 0.0;
    }
    return cov / (Math.sqrt(covT) * Math.sqrt(covP));
  }

  /**
   * Cohen's kappa (unweighted). NaN when only one label occurs, because chance agreement is then 1
   * and the reference (scikit-learn) defines the value as 0/0.
   */
  public static double cohenKappa(ConfusionMatrix<?> cm) {
    long n = nonEmpty(cm);
    long[] t = cm.support();
    long[] p = cm.predicted();
    double observedDisagree = n - cm.correct();
    // Σ_{i≠j} t_i·p_j / n = (n² − Σ t_i·p_i) / n; the integer form avoids cancellation
    double expectedDisagree =
        n <= 3_000_000_000L ? (double) (n * n - dot(t, p)) / n : ((double) n * n - ddot(t, p)) / n;
    return 1.0 - observedDisagree / expectedDisagree;
  }

  /** Per-class precision, recall and F-beta (sklearn {@code average=None}). */
  public static <L> PerClassScores<L> perClass(ConfusionMatrix<L> cm, double beta) {
    checkBeta(beta);
    nonEmpty(cm);
    long[] tp = cm.truePositives();
    long[] pred = cm.predicted();
    long[] support = cm.support();
    int k = tp.length;
    double[] pr = new double[k];
    double[] rc = new double[k];
    double[] f = new double[k];
    for (int i = 0; i < k; i++) {
      pr[i] = ratio(tp[i], pred[i]);
      rc[i] = ratio(tp[i], support[i]);
      f[i] = fBeta(pr[i], rc[i], beta);
    }
    return new PerClassScores<>(cm.labels(), pr, rc, f, support, beta);
  }

  /** Precision, recall and F-beta averaged over all labels of {@code cm}. */
  public static Scores scores(ConfusionMatrix<?> cm, Average average, double beta) {
    PerClassScores<?> pc = perClass(cm, beta);
    switch (average) {
      case MICRO -> {
        long tp = sum(cm.truePositives());
        double p = ratio(tp, sum(cm.predicted()));
        double r = ratio(tp, sum(pc.support()));
        return new Scores(p, r, fBeta(p, r, beta), beta);
      }
      case MACRO -> {
        return new Scores(mean(pc.precision()), mean(pc.recall()), mean(pc.f()), beta);
      }
      case WEIGHTED -> {
        long[] w = pc.support();
        return new Scores(
            weightedMean(pc.precision(), w), weightedMean(pc.recall(), w), weightedMean(pc.f(), w), beta);
      }
      default -> throw new IllegalStateException(average.name());
    }
  }

  /**
   * Scores of the positive class only (sklearn {@code average='binary'}). A positive label absent
   * from the data gives 0 everywhere.
   *
   * @throws InvalidInputException when more than two labels occur, or two occur and neither is
   *     {@code posLabel}
   */
  public static <L> Scores binary(ConfusionMatrix<L> cm, L posLabel, double beta) {
    checkBeta(beta);
    nonEmpty(cm);
    LabelOrder.check(posLabel, "pos_label");
    if (cm.size() > 2) {
      throw new InvalidInputException(
          "binary average needs at most 2 labels, found " + cm.size() + ": " + cm.labels());
    }
    int i = cm.indexOf(posLabel);
    if (i < 0) {
      if (cm.size() == 2) {
        throw new InvalidInputException(
            "pos_label " + posLabel + " is not one of the labels " + cm.labels());
      }
      return new Scores(0.0, 0.0, 0.0, beta);
    }
    long tp = cm.count(i, i);
    double p = ratio(tp, cm.predicted()[i]);
    double r = ratio(tp, cm.support()[i]);
    return new Scores(p, r, fBeta(p, r, beta), beta);
  }

  /** F-beta from precision and recall, 0 when both are 0. */
  static double fBeta(double precision, double recall, double beta) {
    double b2 = beta * beta;
    double denom = b2 * precision + recall;
    return denom == 0.0 ? 0.0 : (1 + b2) * precision * recall / denom;
  }

  private static void checkBeta(double beta) {
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new InvalidInputException("beta must be a positive finite number, got " + beta);
    }
  }

  private static long nonEmpty(ConfusionMatrix<?> cm) {
    long n = cm.total();
    if (n == 0) {
      throw new InvalidInputException("empty input: no samples");
    }
    return n;
  }

  private static double ratio(long num, long den) {
    return den == 0 ? 0.0 : (double) num / den;
  }

  private static long sum(long[] a) {
    long s = 0;
    for (long v : a) {
      s += v;
    }
    return s;
  }

  private static double mean(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }

  private static double weightedMean(double[] v, long[] w) {
    double s = 0;
    long ws = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * w[i];
      ws += w[i];
    }
    return ws == 0 ? 0.0 : s / ws;
  }

  private static long dot(long[] a, long[] b) {
    long s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double ddot(long[] a, long[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
