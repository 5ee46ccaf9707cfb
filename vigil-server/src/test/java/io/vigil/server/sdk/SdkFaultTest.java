package io.vigil.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.client.ActiveRun;
import io.vigil.client.ClientConfig;
import io.vigil.client.LogFailure;
import io.vigil.client.RetryPolicy;
import io.vigil.client.VigilClient;
import io.vigil.model.Metric;
import io.vigil.model.RunStatus;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected between the SDK and a real server: afterwards every point logged is stored
 * exactly once and in order, and nothing was reported as lost.
 */
class SdkFaultTest {
  @TempDir Path dir;
  private int port;
  private VigilServer server;
  private FaultProxy proxy;
  private VigilClient client;
  private VigilClient direct;
  private final List<LogFailure> failures = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = startServer();
    proxy = new FaultProxy(port);
    client = VigilClient.create(ClientConfig.builder(proxy.url())
        .shutdownHook(false)
        .flushInterval(Duration.ofMillis(20))
        .maxBatchMetrics(200)
        .requestTimeout(Duration.ofMillis(500))
        .connectTimeout(Duration.ofMillis(500))
        .retryPolicy(new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(100), 2.0, Duration.ofSeconds(30)))
        .failureListener(failures::add)
        .build());
    direct = VigilClient.create(ClientConfig.builder(server.url()).shutdownHook(false).build());
  }

  private VigilServer startServer() {
    return VigilServer.create(new ServerConfig("127.0.0.1", port, "sqlite:///" + dir.resolve("vigil.db").toAbsolutePath(),
        dir.resolve("artifacts").toString())).start();
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) client.close();
    if (direct != null) direct.close();
    if (proxy != null) proxy.close();
    if (server != null) server.close();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(5);
    }
  }

  private static void log(ActiveRun run, int from, int to) {
    for (int step = from; step < to; step++) {
      run.logMetric("loss", 1000.0 - step, step);
      run.logMetric("acc", step / 10_000.0, step);
    }
  }

  /** Both series hold steps 0..n-1 exactly once, in order, with the logged values. */
  private void assertStoredExactlyOnceInOrder(String runId, int n) {
    List<Metric> loss = direct.getMetricHistory(runId, "loss", 1000);
    List<Metric> acc = direct.getMetricHistory(runId, "acc", 1000);
    assertThat(loss).hasSize(n);
    assertThat(acc).hasSize(n);
    for (int step = 0; step < n; step++) {
      assertThat(loss.get(step).step()).isEqualTo(step);
      assertThat(loss.get(step).value()).isEqualTo(1000.0 - step);
      assertThat(acc.get(step).step()).isEqualTo(step);
      assertThat(acc.get(step).value()).isEqualTo(step / 10_000.0);
    }
    assertThat(direct.getRun(runId).info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(failures).isEmpty();
  }

  @Test
  void burstsOf503_areRetried_honouringRetryAfter() throws Exception {
    String runId;
    try (ActiveRun run = client.startRun("faults", "503")) {
      runId = run.runId();
      log(run, 0, 500);
      run.flush();
      proxy.answer503(6, "0");
      log(run, 500, 1500);
      await("the 503 burst", () -> proxy.served503.get() == 6);
      run.flush();
      int before = proxy.arrivalNanos().size();
      proxy.answer503(1, "1");
      log(run, 1500, 2000);
      run.flush();
      List<Long> arrivals = proxy.arrivalNanos();
      // the request after the 503 waited for Retry-After: 1
      assertThat(arrivals.get(before + 1) - arrivals.get(before)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
    }
    assertThat(proxy.served503.get()).isEqualTo(7);
    assertStoredExactlyOnceInOrder(runId, 2000);
  }

  @Test
  void droppedConnections_beforeAndAfterTheServerSawTheRequest_loseAndDuplicateNothing() throws Exception {
    String runId;
    try (ActiveRun run = client.startRun("faults", "drops")) {
      runId = run.runId();
      log(run, 0, 300);
      run.flush();
      proxy.dropBeforeForwarding(3);
      log(run, 300, 900);
      run.flush();
      proxy.dropAfterForwarding(4); // the server stores these batches; the retries are exact duplicates
      log(run, 900, 1800);
      run.flush();
    }
    assertThat(proxy.dropped.get()).isEqualTo(7);
    assertStoredExactlyOnceInOrder(runId, 1800);
  }

  @Test
  void aStalledServer_timesOut_andIsRetriedAfterwards() throws Exception {
    String runId;
    try (ActiveRun run = client.startRun("faults", "stall")) {
      runId = run.runId();
      log(run, 0, 300);
      run.flush();
      proxy.stall();
      log(run, 300, 1000);
      // at least two attempts timed out while stalled (their requests are forwarded late, as duplicates)
      await("two stalled attempts", () -> proxy.stalledRequests.get() >= 2);
      proxy.release();
      log(run, 1000, 1500);
      run.flush();
    }
    assertStoredExactlyOnceInOrder(runId, 1500);
  }

  @Test
  void serverRestartedMidRun_loggingContinues_andNothingIsLostOrDuplicated() throws Exception {
    String runId;
    try (ActiveRun run = client.startRun("faults", "restart")) {
      runId = run.runId();
      log(run, 0, 1000);
      run.flush();
      log(run, 1000, 1500);
      server.close(); // mid-run, with points in flight or buffered
      log(run, 1500, 2500); // returns at once: the buffer holds them while the server is down
      int forwarded = proxy.forwarded.get();
      await("a retry against the stopped server", () -> proxy.arrivalNanos().size() > forwarded + 1);
      server = startServer();
      log(run, 2500, 3000);
      run.flush();
    }
    assertStoredExactlyOnceInOrder(runId, 3000);
  }
}
