package io.vigil.bench.metrics;

import io.vigil.metrics.classification.Average;
import io.vigil.metrics.classification.Classification;
import io.vigil.metrics.classification.ConfusionCounter;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Classification throughput. {@code confusionMatrix10M} reports rows/s (one op = one row) for
 * int-coded confusion counting; {@code macroF1_1M} reports the time of one end-to-end macro F1 over
 * 1M label pairs (label discovery, counting, metric). Reference: scikit-learn 1.2.1 takes 0.28 s
 * for the macro F1.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ClassificationBench {
  static final int ROWS_10M = 10_000_000;
  static final int ROWS_1M = 1_000_000;

  @Param({"10"})
  int classes;

  int[] trueIdx;
  int[] predIdx;
  int[] true1M;
  int[] pred1M;
  java.util.List<String> trueStr1M;
  java.util.List<String> predStr1M;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42);
    trueIdx = new int[ROWS_10M];
    predIdx = new int[ROWS_10M];
    for (int i = 0; i < ROWS_10M; i++) {
      trueIdx[i] = rnd.nextInt(classes);
      // ~70 % correct, like a usable model
      predIdx[i] = rnd.nextInt(10) < 7 ? trueIdx[i] : rnd.nextInt(classes);
    }
    true1M = java.util.Arrays.copyOf(trueIdx, ROWS_1M);
    pred1M = java.util.Arrays.copyOf(predIdx, ROWS_1M);
    String[] names = new String[classes];
    for (int k = 0; k < classes; k++) {
      names[k] = "class-" + k;
    }
    trueStr1M = java.util.Arrays.stream(true1M).mapToObj(k -> names[k]).toList();
    predStr1M = java.util.Arrays.stream(pred1M).mapToObj(k -> names[k]).toList();
  }

  /** Dense confusion accumulation of 10M int-coded rows; score is rows per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(ROWS_10M)
  public ConfusionCounter confusionMatrix10M() {
    ConfusionCounter c = new ConfusionCounter(classes);
    c.add(trueIdx, predIdx);
    return c;
  }

  /** Macro F1 end to end from two 1M int label arrays; score is ms per call. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public double macroF1_1M() {
    return Classification.f1(true1M, pred1M, Average.MACRO);
  }

  /** Macro F1 end to end from two 1M-element String label lists (hashing path); ms per call. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public double macroF1_1M_strings() {
    return Classification.f1(trueStr1M, predStr1M, Average.MACRO);
  }
}
