package io.vigil.examples;

import io.vigil.client.ActiveRun;
import io.vigil.client.VigilClient;
import io.vigil.metrics.classification.Average;
import io.vigil.metrics.classification.Classification;
import io.vigil.metrics.classification.ClassificationMetrics;
import io.vigil.metrics.classification.ConfusionMatrix;
import io.vigil.metrics.classification.Scores;
import io.vigil.metrics.probabilistic.BinaryProbabilisticMetrics;
import io.vigil.metrics.probabilistic.BinaryScores;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Trains a logistic regression by batch gradient descent on a generated data set and tracks it with
 * Vigil: params, train/test loss and accuracy per epoch, and final test metrics computed with
 * vigil-core. The server comes from VIGIL_TRACKING_URI (or MLFLOW_TRACKING_URI), else
 * http://127.0.0.1:5000.
 */
public final class LogisticRegression {
  static final int FEATURES = 5;
  static final int SAMPLES = 2000;
  static final int EPOCHS = 200;
  static final double LEARNING_RATE = 0.5;
  static final double L2 = 1e-3;
  static final long SEED = 42;

  public static void main(String[] args) {
    // The data: y ~ Bernoulli(sigmoid(w·x + b)) with a hidden w and b.
    Random rnd = new Random(SEED);
    double[] trueW = {1.5, -2.0, 0.8, 0.0, 0.5};
    double trueB = -0.3;
    double[][] x = new double[SAMPLES][FEATURES];
    int[] y = new int[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      for (int j = 0; j < FEATURES; j++) x[i][j] = rnd.nextGaussian();
      y[i] = rnd.nextDouble() < sigmoid(dot(trueW, x[i]) + trueB) ? 1 : 0;
    }
    int trainSize = SAMPLES * 8 / 10;

    try (VigilClient vigil = VigilClient.fromEnvironment()) {
      vigil.withRun("logistic-regression", "gd-lr" + LEARNING_RATE, run -> {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("learning_rate", LEARNING_RATE);
        params.put("epochs", EPOCHS);
        params.put("l2", L2);
        params.put("features", FEATURES);
        params.put("train_size", trainSize);
        params.put("test_size", SAMPLES - trainSize);
        params.put("seed", SEED);
        run.logParams(params);
        run.setTag("model", "logistic-regression");

        double[] w = new double[FEATURES];
        double[] b = {0.0};
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
          step(x, y, trainSize, w, b);
          run.logMetric("train_loss", loss(x, y, 0, trainSize, w, b[0]), epoch);
          run.logMetric("train_accuracy", accuracy(x, y, 0, trainSize, w, b[0]), epoch);
          run.logMetric("test_loss", loss(x, y, trainSize, SAMPLES, w, b[0]), epoch);
          run.logMetric("test_accuracy", accuracy(x, y, trainSize, SAMPLES, w, b[0]), epoch);
        }
        for (int j = 0; j < FEATURES; j++) run.logParam("w" + j + "_learned", String.format("%.4f", w[j]));

        evaluate(run, x, y, trainSize, w, b[0]);
        System.out.println("Run " + run.runId() + " (" + run.runName() + ") in experiment " + run.experimentId()
            + " logged to " + vigil.config().trackingUri());
      });
    }
  }

  /** Final test-set metrics with vigil-core, logged at the last step. */
  static void evaluate(ActiveRun run, double[][] x, int[] y, int from, double[] w, double b) {
    int n = y.length - from;
    int[] yTrue = new int[n];
    int[] yPred = new int[n];
    double[] score = new double[n];
    for (int i = 0; i < n; i++) {
      yTrue[i] = y[from + i];
      score[i] = sigmoid(dot(w, x[from + i]) + b);
      yPred[i] = score[i] >= 0.5 ? 1 : 0;
    }
    ConfusionMatrix<Integer> cm = Classification.confusionMatrix(yTrue, yPred);
    Scores positive = ClassificationMetrics.binary(cm, 1, 1.0);
    Scores macro = ClassificationMetrics.scores(cm, Average.MACRO, 1.0);
    BinaryScores scores = BinaryScores.of(yTrue, score, 1);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("final/accuracy", ClassificationMetrics.accuracy(cm));
    m.put("final/balanced_accuracy", ClassificationMetrics.balancedAccuracy(cm));
    m.put("final/precision", positive.precision());
    m.put("final/recall", positive.recall());
    m.put("final/f1", positive.f());
    m.put("final/macro_f1", macro.f());
    m.put("final/mcc", ClassificationMetrics.matthewsCorrcoef(cm));
    m.put("final/roc_auc", BinaryProbabilisticMetrics.rocAuc(scores));
    m.put("final/average_precision", BinaryProbabilisticMetrics.averagePrecision(scores));
    m.put("final/log_loss", BinaryProbabilisticMetrics.logLoss(scores));
    m.put("final/brier", BinaryProbabilisticMetrics.brierScore(scores));
    run.logMetrics(m, EPOCHS - 1);
    m.forEach((k, v) -> System.out.printf("%-26s %.4f%n", k, v));
  }

  /** One full-batch gradient step of the L2-regularised log loss. */
  static void step(double[][] x, int[] y, int n, double[] w, double[] b) {
    double[] gw = new double[w.length];
    double gb = 0;
    for (int i = 0; i < n; i++) {
      double err = sigmoid(dot(w, x[i]) + b[0]) - y[i];
      for (int j = 0; j < w.length; j++) gw[j] += err * x[i][j];
      gb += err;
    }
    for (int j = 0; j < w.length; j++) w[j] -= LEARNING_RATE * (gw[j] / n + L2 * w[j]);
    b[0] -= LEARNING_RATE * gb / n;
  }

  static double loss(double[][] x, int[] y, int from, int to, double[] w, double b) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      double p = Math.min(Math.max(sigmoid(dot(w, x[i]) + b), 1e-15), 1 - 1e-15);
      sum -= y[i] == 1 ? Math.log(p) : Math.log(1 - p);
    }
    return sum / (to - from);
  }

  static double accuracy(double[][] x, int[] y, int from, int to, double[] w, double b) {
    int correct = 0;
    for (int i = from; i < to; i++) if ((sigmoid(dot(w, x[i]) + b) >= 0.5 ? 1 : 0) == y[i]) correct++;
    return (double) correct / (to - from);
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  static double dot(double[] w, double[] xi) {
    double s = 0;
    for (int j = 0; j < w.length; j++) s += w[j] * xi[j];
    return s;
  }
}
