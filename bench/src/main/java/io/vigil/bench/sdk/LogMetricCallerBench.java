package io.vigil.bench.sdk;

import io.vigil.client.ActiveRun;
import io.vigil.client.BufferFullPolicy;
import io.vigil.client.ClientConfig;
import io.vigil.client.Transport;
import io.vigil.client.VigilClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code ActiveRun.logMetric(key, value, step)} costs the calling thread. The real client
 * runs: validation and key interning, the lock-free ring, the background sender thread batching and
 * JSON-encoding every point. Only the network is replaced: the transport answers log-batch with
 * 200 without sending (so the figure is the caller's cost, not the server's speed). The buffer
 * holds 4M points with the DROP policy, so a sender that falls behind cannot block the caller;
 * the number of points dropped is printed after each iteration and must be reported with the figure.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Threads(1)
public class LogMetricCallerBench {
  VigilClient client;
  ActiveRun run;
  long step;

  /** Answers every request without a network: a fake run for runs/create, {} for the rest. */
  static final class DiscardingTransport implements Transport {
    @Override
    public Response exchange(String method, String path, byte[] body, Duration timeout) {
      String json = path.endsWith("runs/create")
          ? "{\"run\":{\"info\":{\"run_id\":\"bench\",\"experiment_id\":\"0\",\"status\":\"RUNNING\",\"start_time\":0}}}"
          : "{}";
      return new Response(200, null, json.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    client = VigilClient.create(ClientConfig.builder("http://127.0.0.1:1")
        .transport(new DiscardingTransport())
        .bufferCapacity(1 << 22)
        .bufferFullPolicy(BufferFullPolicy.DROP)
        .shutdownHook(false)
        .build());
    run = client.startRun(io.vigil.client.RunOptions.inExperimentId("0").runName("bench").build());
  }

  @TearDown(Level.Iteration)
  public void report() {
    client.flush();
    System.out.println("  [points dropped so far: " + client.droppedPoints() + " of " + step + " logged]");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    run.close();
    client.close();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void logMetricThroughput() {
    long s = step++;
    run.logMetric("train/loss", s * 0.5, s);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public void logMetricLatency() {
    long s = step++;
    run.logMetric("train/loss", s * 0.5, s);
  }
}
