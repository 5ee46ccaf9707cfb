package io.vigil.server.multi;

import static io.vigil.server.multi.Http.get;
import static io.vigil.server.multi.Http.ok;
import static io.vigil.server.multi.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.store.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped and started again under write load: while it is away the server answers 503
 * TEMPORARILY_UNAVAILABLE with Retry-After, it recovers by itself when the database returns, and
 * every write it acknowledged (HTTP 200) is there afterwards. Clients retry 503s as the SDKs do.
 *
 * <p>Needs the command controlling the server: {@code VIGIL_TEST_POSTGRES_CTL} (exported by
 * {@code source .ci/postgres.sh}) or {@code -Dvigil.postgresCtl}. It stops the whole cluster, so it
 * must not share the cluster with tests running at the same time (failsafe runs classes one by one).
 */
class PostgresRestartIT {
  private static PostgresTestDatabase pg;
  private static String uri;
  private static String ctl;
  private static VigilServer server;

  @BeforeAll
  static void start() throws Exception {
    pg = PostgresTestDatabase.require();
    ctl = PostgresTestDatabase.controlCommand();
    if (ctl == null) {
      String how = "the restart test needs VIGIL_TEST_POSTGRES_CTL (or -Dvigil.postgresCtl): a command taking"
          + " stop/start for the PostgreSQL server; `source .ci/postgres.sh` exports it.";
      if (Boolean.getBoolean("vigil.requirePostgres")) Assertions.fail(how);
      Assumptions.abort("Skipped: " + how);
    }
    uri = pg.createDatabase("vigil_restart");
    Path dir = Files.createTempDirectory("vigil-restart");
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, uri, dir.resolve("artifacts").toString())).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (ctl != null) control("start"); // whatever happened, leave the server running
    if (server != null) server.close();
    if (pg != null && uri != null) pg.dropDatabase(uri);
  }

  private static void control(String action) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", ctl + " " + action + (action.equals("stop") ? " -m fast" : ""))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError(ctl + " " + action + " did not finish");
    // "start" on a running cluster exits 2 ("already running"): fine.
    if (p.exitValue() != 0 && !(action.equals("start") && out.contains("already running"))) {
      throw new AssertionError(ctl + " " + action + " failed (" + p.exitValue() + "): " + out);
    }
  }

  @Test
  void databaseStoppedUnderLoad_answers503WithRetryAfterThenRecoversWithoutLosingAcknowledgedWrites()
      throws Exception {
    String url = server.url();
    String exp = ok(post(url, "experiments/create", Map.of("name", "restart"))).body().get("experiment_id").asText();
    String run = ok(post(url, "runs/create", Map.of("experiment_id", exp, "start_time", 1, "run_name", "r")))
        .body().at("/run/info/run_id").asText();

    int writers = 3;
    AtomicBoolean stopping = new AtomicBoolean();
    AtomicInteger unavailable = new AtomicInteger();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    List<Set<Long>> acked = new ArrayList<>();
    AtomicInteger ackCount = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(writers);
    for (int w = 0; w < writers; w++) {
      Set<Long> mine = java.util.concurrent.ConcurrentHashMap.newKeySet();
      acked.add(mine);
      int t = w;
      Thread thread = new Thread(() -> {
        try {
          for (long step = 0; !stopping.get(); step++) {
            Map<String, Object> batch = Map.of("run_id", run,
                "metrics", List.of(Map.of("key", "m" + t, "value", step, "timestamp", 1000 + step, "step", step)),
                "params", List.of(Map.of("key", "p" + t + "_" + step, "value", "v")));
            while (true) { // as a client SDK: retry what the server says may succeed later
              Http.Response r;
              try {
                r = post(url, "runs/log-batch", batch);
              } catch (java.io.IOException e) {
                problems.add("connection to Vigil failed: " + e);
                Thread.sleep(100);
                continue;
              }
              if (r.status() == 200) {
                mine.add(step);
                ackCount.incrementAndGet();
                break;
              }
              if (r.status() == 503 && "TEMPORARILY_UNAVAILABLE".equals(r.errorCode())
                  && r.raw().headers().firstValue("Retry-After").isPresent()) {
                unavailable.incrementAndGet();
                Thread.sleep(200);
                continue;
              }
              problems.add("unexpected answer " + r.status() + " " + r.body() + " " + r.raw().headers().map());
              Thread.sleep(200);
              if (stopping.get()) break;
            }
          }
        } catch (Exception e) {
          problems.add(e.toString());
        } finally {
          done.countDown();
        }
      }, "writer-" + t);
      thread.setDaemon(true);
      thread.start();
    }

    awaitAcks(ackCount, 50);
    control("stop");
    // Away: reads and writes are 503 with Retry-After (after the pool's connection timeout).
    Http.Response health = get(url, "runs/get", Map.of("run_id", run));
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.errorCode()).isEqualTo("TEMPORARILY_UNAVAILABLE");
    assertThat(health.raw().headers().firstValue("Retry-After")).hasValue("1");
    int ackedWhileDown = ackCount.get();
    Thread.sleep(500);
    assertThat(ackCount.get()).as("no write acknowledged while the database is down").isEqualTo(ackedWhileDown);

    control("start");
    awaitAcks(ackCount, ackCount.get() + 50); // recovered by itself: writes succeed again
    stopping.set(true);
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();

    assertThat(problems).as("writers saw only 200 or 503+Retry-After").isEmpty();
    assertThat(unavailable.get()).as("503 answers seen by the writers").isPositive();
    JsonNode data = ok(get(url, "runs/get", Map.of("run_id", run))).body().at("/run/data");
    Set<String> params = new HashSet<>();
    for (JsonNode p : data.get("params")) params.add(p.get("key").asText());
    for (int t = 0; t < writers; t++) {
      JsonNode history = ok(get(url, "metrics/get-history",
          Map.of("run_id", run, "metric_key", "m" + t, "max_results", "100000"))).body().get("metrics");
      Set<Long> stored = new HashSet<>();
      for (JsonNode m : history) stored.add(m.get("step").asLong());
      assertThat(history.size()).as("no point stored twice").isEqualTo(stored.size());
      assertThat(stored).as("acknowledged points of writer %d", t).containsAll(acked.get(t));
      for (long s : acked.get(t)) assertThat(params).contains("p" + t + "_" + s);
    }
  }

  private static void awaitAcks(AtomicInteger count, int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (count.get() < atLeast) {
      if (System.nanoTime() > deadline) throw new AssertionError("writes did not reach " + atLeast + " acknowledgements");
      Thread.sleep(20);
    }
  }
}
