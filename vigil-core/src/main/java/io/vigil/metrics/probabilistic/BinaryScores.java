package io.vigil.metrics.probabilistic;

import io.vigil.metrics.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * Validated binary-classification input for the score-based metrics: for every sample, whether
 * its true label is the positive label, and its score (a probability of the positive class where
 * a metric needs one).
 *
 * <p>The metrics need every sample at once (they rank or average over the whole sample), so this
 * holds complete arrays. Construction rejects, with {@link InvalidInputException}: empty input,
 * length mismatch, null or NaN labels, non-finite scores (NaN, ±∞, as scikit-learn does), more
 * than two distinct labels, and two distinct labels of which none is the positive label.
 * Single-class input is accepted here; the metrics that are undefined on it reject it.
 */
public final class BinaryScores {
  private final boolean[] positive;
  private final double[] scores;
  private final int positives;

  private BinaryScores(boolean[] positive, double[] scores) {
    this.positive = positive;
    this.scores = scores;
    int p = 0;
    for (boolean b : positive) {
      if (b) {
        p++;
      }
    }
    this.positives = p;
  }

  /**
   * Integer labels; samples whose label equals {@code posLabel} are positive.
   *
   * @param yTrue true labels (at most two distinct values)
   * @param yScore scores, same length
   * @param posLabel the positive label
   */
  public static BinaryScores of(int[] yTrue, double[] yScore, int posLabel) {
    Objects.requireNonNull(yTrue, "yTrue");
    checkScores(yTrue.length, yScore);
    boolean[] pos = new boolean[yTrue.length];
    int other = 0;
    boolean hasOther = false;
    boolean hasPos = false;
    Integer second = null;
    for (int i = 0; i < yTrue.length; i++) {
      int y = yTrue[i];
      if (y == posLabel) {
        pos[i] = true;
        hasPos = true;
      } else if (!hasOther) {
        other = y;
        hasOther = true;
      } else if (y != other) {
        second = y;
      }
    }
    if (second != null) {
      throw badLabels(other, second, posLabel, hasPos);
    }
    return new BinaryScores(pos, yScore.clone());
  }

  /**
   * Labels of any type (for example strings), compared with {@link Object#equals}; samples whose
   * label equals {@code posLabel} are positive. Integer labels must have the same boxed type as
   * {@code posLabel} ({@code Integer} vs {@code Long} are not equal).
   *
   * @param yTrue true labels (at most two distinct values, none null or NaN)
   * @param yScore scores, same length
   * @param posLabel the positive label
   */
  public static BinaryScores of(List<?> yTrue, double[] yScore, Object posLabel) {
    Objects.requireNonNull(yTrue, "yTrue");
    checkLabel(posLabel, "pos_label");
    checkScores(yTrue.size(), yScore);
    boolean[] pos = new boolean[yTrue.size()];
    Object other = null;
    Object second = null;
    boolean hasPos = false;
    int i = 0;
    for (Object y : yTrue) {
      checkLabel(y, "y_true[" + i + "]");
      if (posLabel.equals(y)) {
        pos[i] = true;
        hasPos = true;
      } else if (other == null) {
        other = y;
      } else if (!other.equals(y)) {
        second = y;
      }
      i++;
    }
    if (second != null) {
      throw badLabels(other, second, posLabel, hasPos);
    }
    return new BinaryScores(pos, yScore.clone());
  }

  /**
   * Already-binarised labels.
   *
   * @param positive whether each sample is positive
   * @param yScore scores, same length
   */
  public static BinaryScores ofPositives(boolean[] positive, double[] yScore) {
    Objects.requireNonNull(positive, "positive");
    checkScores(positive.length, yScore);
    return new BinaryScores(positive.clone(), yScore.clone());
  }

  /** Number of samples. */
  public int size() {
    return scores.length;
  }

  /** Number of positive samples. */
  public int positives() {
    return positives;
  }

  /** Number of negative samples. */
  public int negatives() {
    return scores.length - positives;
  }

  /** Whether sample {@code i} is positive. */
  public boolean isPositive(int i) {
    return positive[i];
  }

  /** Score of sample {@code i}. */
  public double score(int i) {
    return scores[i];
  }

  // Package-private views without copying, for the metric implementations.
  boolean[] positiveArray() {
    return positive;
  }

  double[] scoreArray() {
    return scores;
  }

  private static void checkScores(int n, double[] yScore) {
    Objects.requireNonNull(yScore, "yScore");
    if (n == 0 && yScore.length == 0) {
      throw new InvalidInputException("empty input: y_true and y_score have no samples");
    }
    if (n != yScore.length) {
      throw new InvalidInputException(
          "length mismatch: y_true has " + n + " samples, y_score has " + yScore.length);
    }
    for (int i = 0; i < yScore.length; i++) {
      if (!Double.isFinite(yScore[i])) {
        throw new InvalidInputException("y_score[" + i + "] is " + yScore[i] + "; scores must be finite");
      }
    }
  }

  static void checkLabel(Object y, String what) {
    if (y == null) {
      throw new InvalidInputException(what + " is null");
    }
    if ((y instanceof Double d && d.isNaN()) || (y instanceof Float f && f.isNaN())) {
      throw new InvalidInputException(what + " is NaN; labels must be defined values");
    }
  }

  // Two distinct non-positive labels: either a third label, or pos_label is not in the data.
  private static InvalidInputException badLabels(
      Object a, Object b, Object posLabel, boolean hasPos) {
    if (!hasPos) {
      return new InvalidInputException(
          "pos_label " + posLabel + " is not one of the labels in y_true (" + a + ", " + b + ")");
    }
    return new InvalidInputException(
        "y_true has more than two distinct labels (" + posLabel + ", " + a + ", " + b
            + "); binary metrics need at most two");
  }
}
