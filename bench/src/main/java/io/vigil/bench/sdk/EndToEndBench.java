package io.vigil.bench.sdk;

import io.vigil.client.ActiveRun;
import io.vigil.client.ClientConfig;
import io.vigil.client.VigilClient;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end SDK throughput: points/s from {@code logMetric} until stored, against a Vigil server
 * started in-process on loopback (SQLite in a temp folder). One op = one point; each invocation
 * logs 100k points over 10 keys, then flushes (waits until the server has stored them all). The
 * default client configuration (BLOCK policy, 64k buffer, 1000-point batches) is used.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class EndToEndBench {
  static final int POINTS = 100_000;
  static final String[] KEYS = {"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"};

  Path dir;
  VigilServer server;
  VigilClient client;
  ActiveRun run;
  long step;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("vigil-bench-sdk");
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("vigil.db").toAbsolutePath(),
        dir.resolve("artifacts").toString())).start();
    client = VigilClient.create(ClientConfig.builder(server.url()).shutdownHook(false).build());
    run = client.startRun("bench", "end-to-end");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    run.close();
    client.close();
    server.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(POINTS)
  public void logAndStore100k() {
    for (int i = 0; i < POINTS; i++) {
      long s = step++;
      run.logMetric(KEYS[i % KEYS.length], s * 0.001, s / KEYS.length);
    }
    run.flush();
  }
}
