package io.vigil.server.multi;

import static io.vigil.server.multi.Http.vigil;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.store.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Vigil servers on one PostgreSQL database: exactly one owns monitoring (the advisory lock), the
 * other answers 503 on monitor routes; when the owner stops, the other takes over with state rebuilt
 * from the event log; when the owner's lock connection breaks, it stops owning and takes the lock again.
 */
class PostgresMonitoringOwnerIT {
  private static final String RETRY_PROPERTY = "vigil.monitoring.ownerRetryMillis";
  private PostgresTestDatabase pg;
  private String uri;
  private VigilServer a;
  private VigilServer b;

  @BeforeEach
  void startTwoServers() throws Exception {
    pg = PostgresTestDatabase.require();
    uri = pg.createDatabase("vigil_mon_owner");
    System.setProperty(RETRY_PROPERTY, "200"); // read by start(): a standby tries to take over 5 times a second
    Path dir = Files.createTempDirectory("vigil-mon-owner");
    ServerConfig config = new ServerConfig("127.0.0.1", 0, uri, dir.resolve("artifacts").toString());
    a = VigilServer.create(config).start();
    b = VigilServer.create(config).start();
  }

  @AfterEach
  void stop() {
    System.clearProperty(RETRY_PROPERTY);
    if (a != null) a.close();
    if (b != null) b.close();
    if (pg != null && uri != null) pg.dropDatabase(uri);
  }

  @Test
  void oneServerOwnsMonitoring_andTheOtherTakesOverWithRebuiltStateWhenItStops() throws Exception {
    // Exactly one owns it: the first to start (it took the lock while being created).
    assertThat(a.monitors().active()).isTrue();
    assertThat(b.monitors().active()).isFalse();
    Map<String, Object> def = Map.of("task", "binary", "positive_label", 1, "metrics", List.of("accuracy"));
    assertUnavailable(vigil(b.url(), "PUT", "monitors/m", def));
    assertThat(vigil(a.url(), "PUT", "monitors/m", def).status()).isEqualTo(201);

    long t = System.currentTimeMillis();
    List<Map<String, Object>> predictions = List.of(
        Map.of("id", "p1", "timestamp", t, "model_version", "1", "prediction", 1),
        Map.of("id", "p2", "timestamp", t, "model_version", "1", "prediction", 0));
    assertUnavailable(vigil(b.url(), "POST", "monitors/m/predictions", predictions));
    assertThat(ok(vigil(a.url(), "POST", "monitors/m/predictions", predictions)).body().get("stored").asInt()).isEqualTo(2);
    assertThat(ok(vigil(a.url(), "POST", "monitors/m/outcomes", List.of(Map.of("id", "p1", "label", 1))))
        .body().get("joined").asInt()).isEqualTo(1);
    assertUnavailable(vigil(b.url(), "POST", "monitors/m/outcomes", List.of(Map.of("id", "p2", "label", 1))));

    long stopped = System.nanoTime();
    a.close();
    a = null;
    Http.Response served = waitFor(() -> vigil(b.url(), "GET", "monitors/m", null), r -> r.status() == 200);
    long takeoverMs = (System.nanoTime() - stopped) / 1_000_000;
    assertThat(takeoverMs).as("takeover time (ms)").isLessThan(5_000);
    assertThat(served.body().at("/definition/task").asText()).isEqualTo("binary");
    assertThat(b.monitors().active()).isTrue();

    // State came from the event log: an id already ingested is a duplicate, a late outcome joins.
    Http.Response again = ok(vigil(b.url(), "POST", "monitors/m/predictions", List.of(predictions.get(0))));
    assertThat(again.body().get("duplicates").asInt()).isEqualTo(1);
    assertThat(again.body().get("stored").asInt()).isZero();
    Http.Response late = ok(vigil(b.url(), "POST", "monitors/m/outcomes", List.of(Map.of("id", "p2", "label", 1))));
    assertThat(late.body().get("joined").asInt()).isEqualTo(1);
    b.monitors().tick();
    long window = t - t % 3_600_000;
    Http.Response w = ok(vigil(b.url(), "GET", "monitors/m/windows?metric=accuracy&model_version=&from=" + window
        + "&to=" + (window + 1), null));
    assertThat(w.body().at("/windows/0/value").asDouble()).as("p1 right (joined before), p2 wrong (after)").isEqualTo(0.5);
  }

  @Test
  void anOwnerWhoseLockConnectionBreaks_stopsOwningAndTakesTheLockAgain() throws Exception {
    assertThat(a.monitors().active()).isTrue();
    int before = lockHolderPid();
    assertThat(before).isPositive();
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("SELECT pg_terminate_backend(" + before + ")");
    }
    // The old owner notices at its next check and stops owning (even if it takes the lock back at once).
    waitFor(() -> !a.monitors().active() || lockHolderPid() != before, Boolean::booleanValue);
    // Some server holds the lock again on another session, and exactly one owns monitoring.
    waitFor(this::lockHolderPid, pid -> pid > 0 && pid != before);
    waitFor(() -> a.monitors().active() ^ b.monitors().active(), Boolean::booleanValue);
    VigilServer owner = a.monitors().active() ? a : b;
    VigilServer standby = owner == a ? b : a;
    assertThat(vigil(owner.url(), "PUT", "monitors/m", Map.of("task", "binary", "positive_label", 1)).status())
        .isEqualTo(201);
    assertUnavailable(vigil(standby.url(), "GET", "monitors/m", null));
  }

  private Connection connect() throws Exception {
    ServerConfig.PostgresTarget target = ServerConfig.PostgresTarget.parse(uri);
    return DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
  }

  /** The backend holding the monitoring advisory lock in this database, or 0. */
  private int lockHolderPid() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static void assertUnavailable(Http.Response r) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(503);
    assertThat(r.errorCode()).isEqualTo("TEMPORARILY_UNAVAILABLE");
    assertThat(r.body().get("message").asText()).contains("another Vigil server");
    assertThat(r.raw().headers().firstValue("Retry-After")).isPresent();
  }

  private static Http.Response ok(Http.Response r) {
    assertThat(r.status()).as(r.body().toString()).isBetween(200, 201);
    return r;
  }

  /** Polls {@code probe} until {@code done} accepts its answer, for at most 15 s. */
  private static <T> T waitFor(Callable<T> probe, java.util.function.Predicate<T> done) throws Exception {
    long deadline = System.nanoTime() + 15_000_000_000L;
    T last = probe.call();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) throw new AssertionError("still not done after 15 s: " + last);
      Thread.sleep(50);
      last = probe.call();
    }
    return last;
  }
}
