package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcUserStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The authorisation matrix: users (admin; owner, the creator, MANAGE; editor, granted EDIT; reader, the
 * default READ; and, on a second server whose default is NONE, an outsider) × the tracking endpoints, on
 * an experiment the user owns and one they don't; plus searches that must never show unreadable runs.
 */
class AuthorizationMatrixTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "matrix-password-1";
  private static final String MLFLOW = "/api/2.0/mlflow";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicInteger SEQ = new AtomicInteger();

  @TempDir static Path dir;
  static VigilServer server; // default READ
  static VigilServer closed; // default NONE

  enum Level { READ, EDIT, MANAGE }

  /** An endpoint of the matrix: the permission it needs and its request on an experiment and a run in it. */
  record Endpoint(String name, Level needs, String method, BiFunction<String, String, String> path,
      BiFunction<String, String, String> body) {}

  static final List<Endpoint> ENDPOINTS = List.of(
      new Endpoint("experiments/get", Level.READ, "GET", (e, r) -> MLFLOW + "/experiments/get?experiment_id=" + e, (e, r) -> null),
      new Endpoint("runs/get", Level.READ, "GET", (e, r) -> MLFLOW + "/runs/get?run_id=" + r, (e, r) -> null),
      new Endpoint("metrics/get-history", Level.READ, "GET",
          (e, r) -> MLFLOW + "/metrics/get-history?run_id=" + r + "&metric_key=loss", (e, r) -> null),
      new Endpoint("runs/create", Level.EDIT, "POST", (e, r) -> MLFLOW + "/runs/create",
          (e, r) -> "{\"experiment_id\":\"" + e + "\"}"),
      new Endpoint("runs/log-batch", Level.EDIT, "POST", (e, r) -> MLFLOW + "/runs/log-batch",
          (e, r) -> "{\"run_id\":\"" + r + "\",\"metrics\":[{\"key\":\"acc\",\"value\":1,\"timestamp\":1,\"step\":0}],"
              + "\"params\":[{\"key\":\"p\",\"value\":\"v\"}]}"),
      new Endpoint("runs/update", Level.EDIT, "POST", (e, r) -> MLFLOW + "/runs/update",
          (e, r) -> "{\"run_id\":\"" + r + "\",\"status\":\"FINISHED\"}"),
      new Endpoint("runs/delete", Level.EDIT, "POST", (e, r) -> MLFLOW + "/runs/delete", (e, r) -> "{\"run_id\":\"" + r + "\"}"),
      new Endpoint("experiments/update", Level.MANAGE, "POST", (e, r) -> MLFLOW + "/experiments/update",
          (e, r) -> "{\"experiment_id\":\"" + e + "\",\"new_name\":\"renamed-" + SEQ.incrementAndGet() + "\"}"),
      new Endpoint("experiments/set-experiment-tag", Level.MANAGE, "POST", (e, r) -> MLFLOW + "/experiments/set-experiment-tag",
          (e, r) -> "{\"experiment_id\":\"" + e + "\",\"key\":\"k\",\"value\":\"v\"}"),
      new Endpoint("experiments/delete", Level.MANAGE, "POST", (e, r) -> MLFLOW + "/experiments/delete",
          (e, r) -> "{\"experiment_id\":\"" + e + "\"}"));

  @BeforeAll
  static void start() {
    System.setProperty("vigil.auth.failureDelayMillis", "20");
    server = startServer("read.db", null, "admin", "owner", "editor", "reader");
    closed = startServer("none.db", io.vigil.server.auth.Permission.NONE, "admin", "alice", "outsider");
  }

  static VigilServer startServer(String file, Permission defaultPermission, String... users) {
    Path db = dir.resolve(file);
    try (Database d = Database.openSqlite(db, true)) {
      AuthService auth = new AuthService(new JdbcUserStore(d), Clock.systemUTC(), Duration.ZERO);
      for (String u : users) auth.createUser(u, PASSWORD.toCharArray(), u.equals("admin"));
    }
    ServerConfig config = new ServerConfig("127.0.0.1", 0, "sqlite:///" + db.toAbsolutePath(),
        dir.resolve("artifacts").toString()).withAuth();
    if (defaultPermission != null) config = config.withDefaultPermission(defaultPermission);
    return VigilServer.create(config, Clock.systemUTC()).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (closed != null) closed.close();
    System.clearProperty("vigil.auth.failureDelayMillis");
  }

  static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> send(VigilServer s, String user, String method, String path, String body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(10))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) b.header("Content-Type", "application/json");
      if (user != null) b.header("Authorization", basic(user));
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

  /** A new experiment created by {@code creator} with one run that has a metric; returns {experimentId, runId}. */
  static String[] fixture(VigilServer s, String creator) {
    String exp = ok(send(s, creator, "POST", MLFLOW + "/experiments/create",
        "{\"name\":\"m-" + SEQ.incrementAndGet() + "\"}")).path("experiment_id").asText();
    String run = ok(send(s, creator, "POST", MLFLOW + "/runs/create", "{\"experiment_id\":\"" + exp + "\"}"))
        .path("run").path("info").path("run_id").asText();
    ok(send(s, creator, "POST", MLFLOW + "/runs/log-metric",
        "{\"run_id\":\"" + run + "\",\"key\":\"loss\",\"value\":0.5,\"timestamp\":1,\"step\":0}"));
    return new String[] {exp, run};
  }

  static void grant(VigilServer s, String by, String exp, String user, String permission) {
    ok(send(s, by, "POST", "/api/vigil/experiments/" + exp + "/permissions",
        "{\"username\":\"" + user + "\",\"permission\":\"" + permission + "\"}"));
  }

  static void expect(VigilServer s, String user, Endpoint e, String[] f, boolean allowed) {
    HttpResponse<String> r = send(s, user, e.method(), e.path().apply(f[0], f[1]), e.body().apply(f[0], f[1]));
    String what = user + " " + e.name() + " on experiment " + f[0] + ": " + r.body();
    if (user == null) {
      assertThat(r.statusCode()).as(what).isEqualTo(401);
    } else if (allowed) {
      assertThat(r.statusCode()).as(what).isEqualTo(200);
    } else {
      assertThat(r.statusCode()).as(what).isEqualTo(403);
      assertThat(r.body()).as(what).contains("\"error_code\":\"PERMISSION_DENIED\"");
    }
  }

  @Test
  void matrix_defaultRead() {
    // On an experiment owner created: owner MANAGE, editor EDIT (granted), reader READ (default), admin all.
    for (Endpoint e : ENDPOINTS) {
      for (String user : new String[] {null, "admin", "owner", "editor", "reader"}) {
        String[] f = fixture(server, "owner");
        grant(server, "owner", f[0], "editor", "EDIT");
        Level has = switch (user == null ? "" : user) {
          case "admin", "owner" -> Level.MANAGE;
          case "editor" -> Level.EDIT;
          default -> Level.READ;
        };
        expect(server, user, e, f, has.compareTo(e.needs()) >= 0);
      }
      // Each user on an experiment they created themselves: everything is allowed.
      for (String user : new String[] {"editor", "reader"}) expect(server, user, e, fixture(server, user), true);
      // And the owner on one they don't own (admin's): READ by default.
      expect(server, "owner", e, fixture(server, "admin"), e.needs() == Level.READ);
    }
  }

  @Test
  void matrix_defaultNone() {
    for (Endpoint e : ENDPOINTS) {
      String[] f = fixture(closed, "alice");
      expect(closed, "outsider", e, f, false);
      expect(closed, "outsider", e, fixture(closed, "outsider"), true);
      expect(closed, "admin", e, fixture(closed, "alice"), true);
    }
  }

  @Test
  void grants_needManage_andAnExplicitNoneHidesAnExperiment() {
    String[] f = fixture(server, "owner");
    // reader (READ) may list but not change grants.
    ok(send(server, "reader", "GET", "/api/vigil/experiments/" + f[0] + "/permissions", null));
    assertThat(send(server, "reader", "POST", "/api/vigil/experiments/" + f[0] + "/permissions",
        "{\"username\":\"reader\",\"permission\":\"MANAGE\"}").statusCode()).isEqualTo(403);
    assertThat(send(server, "owner", "POST", "/api/vigil/experiments/" + f[0] + "/permissions",
        "{\"username\":\"nobody\",\"permission\":\"READ\"}").statusCode()).isEqualTo(404);
    assertThat(send(server, "owner", "POST", "/api/vigil/experiments/" + f[0] + "/permissions",
        "{\"username\":\"reader\",\"permission\":\"ALL\"}").statusCode()).isEqualTo(400);
    grant(server, "owner", f[0], "reader", "NONE");
    JsonNode list = ok(send(server, "owner", "GET", "/api/vigil/experiments/" + f[0] + "/permissions", null));
    assertThat(list.path("default_permission").asText()).isEqualTo("READ");
    assertThat(list.toString()).contains("{\"username\":\"owner\",\"permission\":\"MANAGE\"}")
        .contains("{\"username\":\"reader\",\"permission\":\"NONE\"}");
    assertThat(send(server, "reader", "GET", MLFLOW + "/runs/get?run_id=" + f[1], null).statusCode()).isEqualTo(403);
    assertThat(runIds(server, "reader", List.of(f[0], "0"), 100)).doesNotContain(f[1]);
    assertThat(experimentIds(server, "reader")).doesNotContain(f[0]);
    assertThat(runIds(server, "editor", List.of(f[0]), 100)).containsExactly(f[1]);
    // Removing the grant restores the default.
    assertThat(send(server, "owner", "DELETE", "/api/vigil/experiments/" + f[0] + "/permissions/reader", null)
        .statusCode()).isEqualTo(200);
    assertThat(runIds(server, "reader", List.of(f[0]), 100)).containsExactly(f[1]);
    assertThat(experimentIds(server, "reader")).contains(f[0]);
  }

  static List<String> runIds(VigilServer s, String user, List<String> experiments, int maxResults) {
    List<String> ids = new ArrayList<>();
    String token = null;
    do {
      String body = "{\"experiment_ids\":" + toJson(experiments) + ",\"max_results\":" + maxResults
          + (token == null ? "" : ",\"page_token\":\"" + token + "\"") + "}";
      JsonNode page = ok(send(s, user, "POST", MLFLOW + "/runs/search", body));
      for (JsonNode r : page.path("runs")) ids.add(r.path("info").path("run_id").asText());
      token = page.hasNonNull("next_page_token") ? page.path("next_page_token").asText() : null;
    } while (token != null);
    return ids;
  }

  static List<String> experimentIds(VigilServer s, String user) {
    List<String> ids = new ArrayList<>();
    for (JsonNode e : ok(send(s, user, "GET", MLFLOW + "/experiments/search?max_results=1000", null)).path("experiments")) {
      ids.add(e.path("experiment_id").asText());
    }
    return ids;
  }

  static String toJson(List<String> xs) {
    try {
      return JSON.writeValueAsString(xs);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void searches_withDefaultNone_neverShowOthersRuns_notEvenInPages() {
    String[] a = fixture(closed, "alice");
    for (int i = 0; i < 4; i++) {
      ok(send(closed, "alice", "POST", MLFLOW + "/runs/create", "{\"experiment_id\":\"" + a[0] + "\"}"));
    }
    String[] o = fixture(closed, "outsider");
    String second = ok(send(closed, "outsider", "POST", MLFLOW + "/runs/create", "{\"experiment_id\":\"" + o[0] + "\"}"))
        .path("run").path("info").path("run_id").asText();
    // One page of 2 holds exactly the outsider's two runs, with no next page: alice's 5 are not counted.
    JsonNode page = ok(send(closed, "outsider", "POST", MLFLOW + "/runs/search",
        "{\"experiment_ids\":[\"" + a[0] + "\",\"" + o[0] + "\",\"0\"],\"max_results\":2}"));
    assertThat(page.path("runs").size()).isEqualTo(2);
    assertThat(page.has("next_page_token")).isFalse();
    assertThat(runIds(closed, "outsider", List.of(a[0], o[0], "0"), 1)).containsExactlyInAnyOrder(o[1], second);
    assertThat(runIds(closed, "outsider", List.of(a[0]), 10)).isEmpty();
    // Ordered by a metric (the store's two-part query) too.
    JsonNode byMetric = ok(send(closed, "outsider", "POST", MLFLOW + "/runs/search",
        "{\"experiment_ids\":[\"" + a[0] + "\",\"" + o[0] + "\"],\"order_by\":[\"metrics.loss DESC\"],\"max_results\":10}"));
    assertThat(byMetric.path("runs").size()).isEqualTo(2);
    assertThat(experimentIds(closed, "outsider")).containsExactly(o[0]);
    assertThat(experimentIds(closed, "alice")).contains(a[0]).doesNotContain(o[0], "0");
    assertThat(experimentIds(closed, "admin")).contains(a[0], o[0], "0");
    assertThat(runIds(closed, "admin", List.of(a[0], o[0]), 3)).hasSize(7);
  }

  @Test
  void mlflowJavaClient_readerCanReadButNotWrite() {
    String[] f = fixture(server, "owner");
    MlflowClient reader = new MlflowClient(new BasicMlflowHostCreds(server.url(), "reader", PASSWORD));
    try {
      assertThat(reader.getExperiment(f[0]).getExperimentId()).isEqualTo(f[0]);
      assertThat(reader.getRun(f[1]).getInfo().getRunId()).isEqualTo(f[1]);
      assertThat(reader.getMetricHistory(f[1], "loss")).hasSize(1);
      MlflowHttpException e = catchThrowableOfType(() -> reader.createRun(f[0]), MlflowHttpException.class);
      assertThat(e).isNotNull();
      assertThat(e.getStatusCode()).isEqualTo(403);
      e = catchThrowableOfType(() -> reader.logMetric(f[1], "loss", 1.0), MlflowHttpException.class);
      assertThat(e.getStatusCode()).isEqualTo(403);
    } finally {
      reader.close();
    }
  }

  @Test
  void unknownRun_is404_notALeak() {
    assertThat(send(server, "reader", "GET", MLFLOW + "/runs/get?run_id=nope", null).statusCode()).isEqualTo(404);
    assertThat(Set.of(403, 404)).contains(
        send(closed, "outsider", "GET", MLFLOW + "/experiments/get?experiment_id=999999", null).statusCode());
  }
}
