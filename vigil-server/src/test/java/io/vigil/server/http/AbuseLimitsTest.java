package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.ManualClock;
import io.vigil.server.ServerConfig;
import io.vigil.server.ServerLimits;
import io.vigil.server.ServerLimits.RateLimit;
import io.vigil.server.VigilServer;
import io.vigil.server.auth.AuthService;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcUserStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rate limit (per token, per user, per address without a login) and the failed-login slow-down,
 * on real servers whose clock the test moves.
 */
class AbuseLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PASSWORD = "limits-password-1";
  private static final String SEARCH = "/api/2.0/mlflow/experiments/search?max_results=1";

  @TempDir static Path dir;
  static final ManualClock clock = new ManualClock(1_800_000_000_000L);
  static VigilServer withAuth; // 2/s, bursts of 3, per token or user
  static VigilServer withoutAuth; // 6/min, bursts of 1, per address
  static String aliceToken1;
  static String aliceToken2;

  @BeforeAll
  static void start() {
    System.setProperty("vigil.auth.failureDelayMillis", "1");
    Path db = dir.resolve("auth.db");
    try (Database d = Database.openSqlite(db, true)) {
      AuthService auth = new AuthService(new JdbcUserStore(d), Clock.systemUTC(), Duration.ZERO);
      auth.createUser("alice", PASSWORD.toCharArray(), false);
      auth.createUser("bob", PASSWORD.toCharArray(), false);
      aliceToken1 = auth.createToken("alice", "one", null).secret();
      aliceToken2 = auth.createToken("alice", "two", null).secret();
    }
    withAuth = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + db.toAbsolutePath(),
        dir.resolve("a1").toString()).withAuth().withLimits(ServerLimits.defaults().withRateLimit(new RateLimit(2, 3))),
        clock).start();
    withoutAuth = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("open.db").toAbsolutePath(),
        dir.resolve("a2").toString()).withLimits(ServerLimits.defaults().withRateLimit(RateLimit.parse("6/m", 1))),
        clock).start();
  }

  @AfterAll
  static void stop() {
    if (withAuth != null) withAuth.close();
    if (withoutAuth != null) withoutAuth.close();
    System.clearProperty("vigil.auth.failureDelayMillis");
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> get(VigilServer s, String path, String authorization) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(10)).GET();
      if (authorization != null) b.header("Authorization", authorization);
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static void assertLimited(HttpResponse<String> r, String retryAfter) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).contains(retryAfter);
    assertThat(JSON.readTree(r.body()).path("error_code").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
    assertThat(JSON.readTree(r.body()).path("message").asText()).contains("Retry after " + retryAfter + " s");
  }

  @Test
  void eachTokenAndEachPasswordUser_hasItsOwnBucket() throws Exception {
    for (int i = 0; i < 3; i++) assertThat(get(withAuth, SEARCH, "Bearer " + aliceToken1).statusCode()).isEqualTo(200);
    assertLimited(get(withAuth, SEARCH, "Bearer " + aliceToken1), "1");
    // alice's other token and her password login count separately.
    assertThat(get(withAuth, SEARCH, "Bearer " + aliceToken2).statusCode()).isEqualTo(200);
    for (int i = 0; i < 3; i++) assertThat(get(withAuth, SEARCH, basic("alice", PASSWORD)).statusCode()).isEqualTo(200);
    assertLimited(get(withAuth, SEARCH, basic("alice", PASSWORD)), "1");
    // Half a second later the first token has one request again, and only one.
    clock.advance(Duration.ofMillis(500));
    assertThat(get(withAuth, SEARCH, "Bearer " + aliceToken1).statusCode()).isEqualTo(200);
    assertLimited(get(withAuth, SEARCH, "Bearer " + aliceToken1), "1");
    clock.advance(Duration.ofSeconds(10)); // leave full buckets behind
  }

  @Test
  void withoutAuth_theClientAddressIsLimited_andRetryAfterComesFromTheBucket() throws Exception {
    clock.advance(Duration.ofMinutes(1));
    assertThat(get(withoutAuth, "/version", null).statusCode()).isEqualTo(200);
    // 6 a minute: the next token is 10 s away.
    assertLimited(get(withoutAuth, SEARCH, null), "10");
    clock.advance(Duration.ofMillis(9_001));
    assertLimited(get(withoutAuth, SEARCH, null), "1");
    clock.advance(Duration.ofMillis(999));
    assertThat(get(withoutAuth, SEARCH, null).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(1));
  }

  @Test
  void repeatedFailedPasswordLogins_forAUserFromAnAddress_areAnsweredWith429_andNoSecretIsLogged() throws Exception {
    clock.advance(Duration.ofMinutes(1));
    String wrongPassword = "wrong-" + System.nanoTime();
    String wrongToken = "vgl_" + Base64.getUrlEncoder().encodeToString(("guess" + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
    PrintStream savedErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 10; i++) assertThat(get(withAuth, SEARCH, basic("bob", wrongPassword)).statusCode()).isEqualTo(401);
      // Ten failures: now even bob's right password waits (10 a minute: one more every 6 s), unchecked.
      assertLimited(get(withAuth, SEARCH, basic("bob", PASSWORD)), "6");
      // Other users from the same address are not locked out; tokens cannot be guessed, so a wrong one
      // only gets its 401 (after the failure delay), as do requests without credentials.
      assertThat(get(withAuth, SEARCH, basic("alice", PASSWORD)).statusCode()).isEqualTo(200);
      for (int i = 0; i < 12; i++) assertThat(get(withAuth, SEARCH, "Bearer " + wrongToken).statusCode()).isEqualTo(401);
      assertThat(get(withAuth, SEARCH, null).statusCode()).isEqualTo(401);
    } finally {
      System.setErr(savedErr);
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("failed authentication from");
    assertThat(logged).doesNotContain(wrongPassword).doesNotContain(wrongToken)
        .doesNotContain(basic("bob", wrongPassword).substring(6)).doesNotContain(PASSWORD);
    clock.advance(Duration.ofSeconds(6));
    assertThat(get(withAuth, SEARCH, basic("bob", PASSWORD)).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(1));
  }

  @Test
  void serverFlags_becomeTheLimits() {
    ServerConfig c = picocli.CommandLine.populateCommand(new io.vigil.server.cli.ServerCommand(), "--auth",
        "--rate-limit", "50/s", "--rate-burst", "200", "--max-header-bytes", "32768", "--idle-timeout-seconds", "5",
        "--no-audit-log", "--audit-retention-days", "7").config();
    assertThat(c.limits()).isEqualTo(new ServerLimits(new RateLimit(50, 200), 32768, Duration.ofSeconds(5), false, 7));
    ServerConfig defaults = picocli.CommandLine.populateCommand(new io.vigil.server.cli.ServerCommand()).config();
    assertThat(defaults.limits()).isEqualTo(ServerLimits.defaults());
    assertThat(defaults.limits().auditOn(false)).isFalse();
    assertThat(defaults.limits().auditOn(true)).isTrue();
    assertThat(picocli.CommandLine.populateCommand(new io.vigil.server.cli.ServerCommand(), "--audit-log").config()
        .limits().auditOn(false)).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> picocli.CommandLine.populateCommand(
        new io.vigil.server.cli.ServerCommand(), "--rate-burst", "5").config()).hasMessageContaining("--rate-limit");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> picocli.CommandLine.populateCommand(
        new io.vigil.server.cli.ServerCommand(), "--idle-timeout-seconds", "0").config()).hasMessageContaining("idle");
  }

  @Test
  void defaults_limitWithAuthOnly_andFlagsParse() {
    assertThat(ServerLimits.defaults().effectiveRateLimit(false)).isNull();
    assertThat(ServerLimits.defaults().effectiveRateLimit(true)).isEqualTo(RateLimit.DEFAULT_WITH_AUTH);
    assertThat(ServerLimits.defaults().withRateLimit(RateLimit.OFF).effectiveRateLimit(true)).isNull();
    assertThat(RateLimit.parse("50/s", null)).isEqualTo(new RateLimit(50, 100));
    assertThat(RateLimit.parse("600/m", 5)).isEqualTo(new RateLimit(10, 5));
    assertThat(RateLimit.parse("3600/h", null)).isEqualTo(new RateLimit(1, 2));
    assertThat(RateLimit.parse("off", null).isOff()).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RateLimit.parse("fast", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rate-limit");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RateLimit.parse("-5/s", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
