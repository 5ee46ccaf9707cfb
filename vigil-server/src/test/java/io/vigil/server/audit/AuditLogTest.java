package io.vigil.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.Main;
import io.vigil.server.ManualClock;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.auth.AuthService;
import io.vigil.server.store.AuditStore;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcAuditStore;
import io.vigil.server.store.jdbc.JdbcUserStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log end to end: what is recorded, who may read it over REST, the CLI, retention. */
class AuditLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PASSWORD = "audit-password-1";
  private static final String MLFLOW = "/api/2.0/mlflow";
  private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();

  @TempDir static Path dir;
  static final ManualClock clock = new ManualClock(T0);
  static String storeUri;
  static VigilServer server;

  @BeforeAll
  static void start() {
    System.setProperty("vigil.auth.failureDelayMillis", "1");
    Path db = dir.resolve("audit.db");
    storeUri = "sqlite:///" + db.toAbsolutePath();
    try (Database d = Database.openSqlite(db, true)) {
      AuthService auth = new AuthService(new JdbcUserStore(d), Clock.systemUTC(), Duration.ZERO);
      for (String u : List.of("admin", "owner", "reader")) auth.createUser(u, PASSWORD.toCharArray(), u.equals("admin"));
    }
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, storeUri, dir.resolve("artifacts").toString()).withAuth(),
        clock).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    System.clearProperty("vigil.auth.failureDelayMillis");
  }

  static HttpResponse<String> send(VigilServer s, String user, String method, String path, String body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(10))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) b.header("Content-Type", "application/json");
      if (user != null) {
        b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
            .getBytes(StandardCharsets.UTF_8)));
      }
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.request().uri() + " " + r.body()).isEqualTo(200);
    try {
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** "user METHOD path-after-/api status target" per entry, newest first. */
  static List<String> lines(JsonNode page) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : page.path("entries")) {
      out.add(e.path("username").asText() + " " + e.path("method").asText() + " "
          + e.path("path").asText().replaceFirst("^/api/(2\\.0/mlflow|vigil)", "") + " " + e.path("status").asInt()
          + " " + e.path("target").asText("-"));
    }
    return out;
  }

  @Test
  void writesAndRefusals_areRecorded_readsAndBadInputAreNot() {
    String name = "audited-" + System.nanoTime();
    String exp = ok(send(server, "owner", "POST", MLFLOW + "/experiments/create", "{\"name\":\"" + name + "\"}"))
        .path("experiment_id").asText();
    String run = ok(send(server, "owner", "POST", MLFLOW + "/runs/create", "{\"experiment_id\":\"" + exp + "\"}"))
        .path("run").path("info").path("run_id").asText();
    ok(send(server, "owner", "POST", MLFLOW + "/runs/log-metric",
        "{\"run_id\":\"" + run + "\",\"key\":\"loss\",\"value\":1,\"timestamp\":1,\"step\":0}"));
    ok(send(server, "owner", "POST", MLFLOW + "/runs/search", "{\"experiment_ids\":[\"" + exp + "\"]}"));
    ok(send(server, "owner", "GET", MLFLOW + "/runs/get?run_id=" + run, null));
    assertThat(send(server, "owner", "POST", MLFLOW + "/runs/log-metric", "{\"run_id\":\"" + run + "\"}").statusCode())
        .isEqualTo(400);
    assertThat(send(server, "reader", "POST", MLFLOW + "/runs/create", "{\"experiment_id\":\"" + exp + "\"}")
        .statusCode()).isEqualTo(403);
    assertThat(send(server, null, "POST", MLFLOW + "/experiments/create", "{\"name\":\"anon\"}").statusCode())
        .isEqualTo(401);
    ok(send(server, "owner", "POST", "/api/vigil/experiments/" + exp + "/permissions",
        "{\"username\":\"reader\",\"permission\":\"EDIT\"}"));
    ok(send(server, "admin", "POST", "/api/vigil/users", "{\"username\":\"newbie\",\"password\":\"newbie-secret-1\"}"));

    JsonNode page = ok(send(server, "admin", "GET", "/api/vigil/audit?since=" + T0 + "&max_results=1000", null));
    List<String> lines = lines(page);
    assertThat(lines).containsSubsequence(
        "admin POST /users 200 username=newbie",
        "owner POST /experiments/" + exp + "/permissions 200 id=" + exp,
        "anonymous POST /experiments/create 401 -", // an unauthenticated body is never read
        "reader POST /runs/create 403 experiment_id=" + exp,
        "owner POST /runs/log-metric 200 run_id=" + run,
        "owner POST /runs/create 200 experiment_id=" + exp,
        "owner POST /experiments/create 200 name=" + name);
    assertThat(lines).noneMatch(l -> l.contains("/runs/search") || l.contains("/runs/get") || l.contains(" 400 "));
    assertThat(page.toString()).doesNotContain("newbie-secret-1").doesNotContain(PASSWORD);
    JsonNode first = page.path("entries").get(0);
    assertThat(first.path("timestamp").asLong()).isEqualTo(clock.millis());
    assertThat(first.path("client_ip").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "[0:0:0:0:0:0:0:1]");
  }

  @Test
  void logBatch_readAsAStreamOrATree_recordsItsRunAsTarget() {
    String exp = ok(send(server, "owner", "POST", MLFLOW + "/experiments/create", "{\"name\":\"batch-" + System.nanoTime() + "\"}"))
        .path("experiment_id").asText();
    String run = ok(send(server, "owner", "POST", MLFLOW + "/runs/create", "{\"experiment_id\":\"" + exp + "\"}"))
        .path("run").path("info").path("run_id").asText();
    String metrics = "\"metrics\":[{\"key\":\"loss\",\"value\":1,\"timestamp\":1}]";
    ok(send(server, "owner", "POST", MLFLOW + "/runs/log-batch", "{" + metrics + ",\"run_uuid\":\"" + run + "\"}")); // stream
    ok(send(server, "owner", "POST", MLFLOW + "/runs/log-batch", "{\"run_id\":\"" + run + "\",\"x\":1," + metrics + "}")); // tree

    JsonNode page = ok(send(server, "admin", "GET", "/api/vigil/audit?since=" + T0 + "&max_results=1000", null));
    assertThat(lines(page)).containsSubsequence(
        "owner POST /runs/log-batch 200 run_id=" + run,
        "owner POST /runs/log-batch 200 run_uuid=" + run);
  }

  @Test
  void onlyAdmins_readTheLog_withFiltersAndPages() {
    long from = clock.millis() + Duration.ofDays(1).toMillis();
    clock.advance(Duration.ofDays(1));
    for (int i = 0; i < 5; i++) ok(send(server, "reader", "POST", MLFLOW + "/experiments/create", "{\"name\":\"page-" + i + "-" + System.nanoTime() + "\"}"));
    clock.advance(Duration.ofHours(1));
    ok(send(server, "owner", "POST", MLFLOW + "/experiments/create", "{\"name\":\"later-" + System.nanoTime() + "\"}"));

    assertThat(send(server, "reader", "GET", "/api/vigil/audit", null).statusCode()).isEqualTo(403);
    assertThat(send(server, null, "GET", "/api/vigil/audit", null).statusCode()).isEqualTo(401);
    assertThat(send(server, "admin", "GET", "/api/vigil/audit?max_results=0", null).statusCode()).isEqualTo(400);
    assertThat(send(server, "admin", "GET", "/api/vigil/audit?since=yesterday", null).statusCode()).isEqualTo(400);
    assertThat(send(server, "admin", "GET", "/api/vigil/audit?page_token=bogus", null).statusCode()).isEqualTo(400);

    // reader's five, in pages of two, newest first, each once.
    String since = Instant.ofEpochMilli(from).toString();
    List<Long> ids = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      JsonNode page = ok(send(server, "admin", "GET", "/api/vigil/audit?user=reader&max_results=2&since=" + since
          + (token == null ? "" : "&page_token=" + token), null));
      for (JsonNode e : page.path("entries")) {
        assertThat(e.path("username").asText()).isEqualTo("reader");
        ids.add(e.path("id").asLong());
      }
      token = page.hasNonNull("next_page_token") ? page.path("next_page_token").asText() : null;
      pages++;
    } while (token != null);
    assertThat(ids).hasSize(5).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(new HashSet<>(ids)).hasSize(5);
    assertThat(pages).isEqualTo(3);
    // until excludes the owner's later request
    JsonNode window = ok(send(server, "admin", "GET", "/api/vigil/audit?since=" + from + "&until=" + (from + 1), null));
    assertThat(lines(window)).hasSize(5).allMatch(l -> l.startsWith("reader "));

    // The CLI reads the same store.
    Cli json = cli("audit", "--backend-store-uri", storeUri, "--user", "owner", "--since", since, "--json");
    assertThat(json.exit()).as(json.err()).isZero();
    JsonNode cliEntries = readJson(json.out());
    assertThat(cliEntries).hasSize(1);
    assertThat(cliEntries.get(0).path("path").asText()).isEqualTo(MLFLOW + "/experiments/create");
    Cli text = cli("audit", "--backend-store-uri", storeUri, "--since", since, "--max-results", "3");
    assertThat(text.exit()).as(text.err()).isZero();
    String[] rows = text.out().strip().split("\n");
    assertThat(rows[0]).startsWith("time").contains("user").contains("method").contains("status");
    assertThat(rows).hasSize(4);
    assertThat(rows[1]).contains("owner").contains("POST").contains(Instant.ofEpochMilli(clock.millis()).toString());
  }

  @Test
  void withoutAuth_theLogIsOffByDefault_andWithAuditLogWritesAreRecordedAsAnonymous() {
    try (VigilServer plain = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("plain.db").toAbsolutePath(),
        dir.resolve("plain-artifacts").toString()), clock).start()) {
      assertThat(plain.audit()).isNull();
      ok(send(plain, null, "POST", MLFLOW + "/experiments/create", "{\"name\":\"plain\"}"));
      assertThat(send(plain, null, "GET", "/api/vigil/audit", null).statusCode()).isEqualTo(404);
    }
    Path db = dir.resolve("open.db");
    ServerConfig config = new ServerConfig("127.0.0.1", 0, "sqlite:///" + db.toAbsolutePath(), dir.resolve("open-artifacts").toString());
    try (VigilServer open = VigilServer.create(config.withLimits(config.limits().withAudit(true)), clock).start()) {
      ok(send(open, null, "POST", MLFLOW + "/experiments/create", "{\"name\":\"open\"}"));
      assertThat(lines(ok(send(open, null, "GET", "/api/vigil/audit", null))))
          .containsExactly("anonymous POST /experiments/create 200 name=open");
    }
  }

  @Test
  void retention_deletesOldEntries_andCloseWritesWhatIsQueued() {
    try (Database db = Database.openSqlite(dir.resolve("retention.db"), true)) {
      ManualClock c = new ManualClock(T0);
      JdbcAuditStore store = new JdbcAuditStore(db);
      AuditLog log = new AuditLog(store, c, 30); // not started: only flush and close write
      log.record("a", "POST", "/old", 200, "127.0.0.1", null);
      c.advance(Duration.ofDays(20));
      log.record("b", "POST", "/newer", 200, "127.0.0.1", null);
      log.close();
      assertThat(store.search(new AuditStore.Query(null, null, null, 10, null)).items()).hasSize(2);
      c.advance(Duration.ofDays(11)); // the first is 31 days old, the second 11
      assertThat(log.prune()).isEqualTo(1);
      assertThat(store.search(new AuditStore.Query(null, null, null, 10, null)).items())
          .extracting(AuditStore.Entry::path).containsExactly("/newer");
      assertThat(new AuditLog(store, c, 0).prune()).isZero(); // 0 keeps everything
    }
  }

  record Cli(int exit, String out, String err) {}

  static Cli cli(String... args) {
    var cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Cli(cl.execute(args), out.toString(), err.toString());
  }

  static JsonNode readJson(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(s, e);
    }
  }

}
