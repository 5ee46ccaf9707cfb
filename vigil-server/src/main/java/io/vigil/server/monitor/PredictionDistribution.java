package io.vigil.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.metrics.evaluation.EvaluationTask;
import io.vigil.server.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one window's predictions look like, labels or not; mergeable, so versions' windows add up to
 * the all-versions window.
 *
 * <ul>
 *   <li>binary and multiclass: a 10-bin histogram of the score over [0, 1] (binary: the positive
 *       class's; multiclass: the top class's, the largest of the scores) with its count and mean, and
 *       the share of each predicted class;
 *   <li>regression: count, mean, standard deviation, min and max of the predicted values (exact and
 *       mergeable; no histogram because there are no edges that fit every model's range).
 * </ul>
 */
final class PredictionDistribution {
  /** Bins of the score histogram over [0, 1]: series {@code score_hist.0} … {@code score_hist.9}. */
  static final int SCORE_BINS = 10;
  /** Predicted classes with their own {@code prediction_share.<class>} series per window; the rest are summed in {@code _other}. */
  static final int MAX_CLASSES = 50;
  /** The class bucket beyond {@link #MAX_CLASSES}, and for labels too long for a series name. */
  static final String OTHER_CLASSES = "_other";
  /** Longest label with its own series: series names are stored in 256 characters. */
  static final int MAX_CLASS_LENGTH = 256 - MonitorDefinition.PREDICTION_SHARE.length();

  private final long[] scoreBins;
  private long scored;
  private double scoreSum;
  /** Classification: count per predicted class, insertion-ordered, at most MAX_CLASSES + other. */
  private final Map<String, Long> classes;
  private long classified;
  /** Regression: moments of the predicted values (Chan's parallel update). */
  private long n;
  private double mean;
  private double m2;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  PredictionDistribution(EvaluationTask task) {
    boolean classification = task != EvaluationTask.REGRESSION;
    this.scoreBins = classification ? new long[SCORE_BINS] : null;
    this.classes = classification ? new LinkedHashMap<>() : null;
  }

  /** The score a prediction's {@code scores} JSON contributes, NaN when it has none usable. */
  static double scoreOf(EvaluationTask task, String positiveLabel, String scoresJson) {
    return switch (task) {
      case BINARY -> positiveScore(scoresJson, positiveLabel);
      case MULTICLASS -> topScore(scoresJson);
      case REGRESSION -> Double.NaN;
    };
  }

  /**
   * The positive-class score of a binary prediction's {@code scores}: a number as is, an object's
   * value for the positive label, or the second element of a two-element list; NaN otherwise.
   */
  static double positiveScore(String scoresJson, String positiveLabel) {
    if (scoresJson == null) return Double.NaN;
    try {
      return Double.parseDouble(scoresJson);
    } catch (NumberFormatException notANumber) {
      // a list or an object
    }
    JsonNode n = parse(scoresJson);
    if (n == null) return Double.NaN;
    JsonNode v = n.isObject() ? n.get(positiveLabel) : n.isArray() && n.size() == 2 ? n.get(1) : null;
    return v != null && v.isNumber() ? v.doubleValue() : Double.NaN;
  }

  /** The top-class score of a multiclass prediction: the largest number of a list or an object's values (or a number). */
  static double topScore(String scoresJson) {
    if (scoresJson == null) return Double.NaN;
    JsonNode n = parse(scoresJson);
    if (n == null) return Double.NaN;
    if (n.isNumber()) return n.doubleValue();
    double top = Double.NaN;
    for (JsonNode v : n) {
      if (!v.isNumber()) return Double.NaN; // not a score vector
      if (Double.isNaN(top) || v.doubleValue() > top) top = v.doubleValue();
    }
    return top;
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** Adds a classification score; scores outside [0, 1] (or NaN) are ignored. */
  void addScore(double score) {
    if (scoreBins == null || !(score >= 0 && score <= 1)) return;
    scoreBins[Math.min(SCORE_BINS - 1, (int) (score * SCORE_BINS))]++;
    scored++;
    scoreSum += score;
  }

  /** Adds a prediction: its class (classification) or its value (regression; non-numbers are skipped). */
  void addPrediction(String prediction) {
    if (prediction == null) return;
    if (classes != null) {
      addClass(prediction, 1);
      return;
    }
    double v;
    try {
      v = Double.parseDouble(prediction);
    } catch (NumberFormatException e) {
      return;
    }
    if (!Double.isFinite(v)) return;
    mergeMoments(1, v, 0, v, v);
  }

  private void addClass(String label, long count) {
    String key = label.length() <= MAX_CLASS_LENGTH && (classes.containsKey(label) || classes.size() < MAX_CLASSES)
        ? label : OTHER_CLASSES;
    classes.merge(key, count, Long::sum);
    classified += count;
  }

  private void mergeMoments(long nb, double meanB, double m2b, double minB, double maxB) {
    long total = n + nb;
    double delta = meanB - mean;
    mean += delta * nb / total;
    m2 += m2b + delta * delta * ((double) n * nb / total);
    n = total;
    min = Math.min(min, minB);
    max = Math.max(max, maxB);
  }

  void merge(PredictionDistribution other) {
    if (scoreBins != null && other.scored > 0) {
      for (int i = 0; i < SCORE_BINS; i++) scoreBins[i] += other.scoreBins[i];
      scored += other.scored;
      scoreSum += other.scoreSum;
    }
    if (classes != null) other.classes.forEach(this::addClass);
    if (other.n > 0) mergeMoments(other.n, other.mean, other.m2, other.min, other.max);
  }

  /** The distribution series of the window (none when it has nothing to describe). */
  void values(Map<String, Double> out) {
    if (scored > 0) {
      out.put("score_count", (double) scored);
      out.put("score_mean", scoreSum / scored);
      for (int i = 0; i < SCORE_BINS; i++) out.put("score_hist." + i, (double) scoreBins[i]);
    }
    if (classes != null && classified > 0) {
      classes.forEach((label, c) -> out.put("prediction_share." + label, (double) c / classified));
    }
    if (n > 0) {
      out.put("prediction_mean", mean);
      out.put("prediction_std", Math.sqrt(m2 / n));
      out.put("prediction_min", min);
      out.put("prediction_max", max);
    }
  }
}
