package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.client.ClientConfig;
import io.vigil.client.VigilClient;
import io.vigil.client.VigilHttpException;
import io.vigil.server.Main;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/** Authentication end to end: a port-0 server with --auth, the CLI that creates users and tokens, and clients. */
class AuthTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = "ada";
  private static final String ADMIN_PASSWORD = "correct horse battery";
  private static final String USER = "bob";
  private static final String USER_PASSWORD = "bobs-password-1";

  @TempDir static Path dir;
  static String storeUri;
  static TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
  static VigilServer server;
  static String adminToken;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A clock tests move by hand (token expiry). */
  static final class TestClock extends Clock {
    private volatile long millis;

    TestClock(long millis) {
      this.millis = millis;
    }

    void advance(Duration d) {
      millis += d.toMillis();
    }

    @Override public long millis() { return millis; }
    @Override public Instant instant() { return Instant.ofEpochMilli(millis); }
    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
  }

  record Cli(int exit, String out, String err) {}

  static Cli cli(String stdin, String... args) {
    InputStream saved = System.in;
    try {
      if (stdin != null) System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      var cl = Main.commandLine();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      int code = cl.execute(args);
      return new Cli(code, out.toString(), err.toString());
    } finally {
      System.setIn(saved);
    }
  }

  @BeforeAll
  static void start() {
    System.setProperty("vigil.auth.failureDelayMillis", "20");
    storeUri = "sqlite:///" + dir.resolve("auth.db").toAbsolutePath();
    Cli admin = cli(ADMIN_PASSWORD + "\n", "users", "create", "--username", ADMIN, "--admin", "--backend-store-uri", storeUri);
    assertThat(admin.exit()).as(admin.err()).isZero();
    Cli user = cli(USER_PASSWORD + "\n", "users", "create", "--username", USER, "--backend-store-uri", storeUri);
    assertThat(user.exit()).as(user.err()).isZero();
    Cli token = cli(null, "tokens", "create", "--username", ADMIN, "--name", "test", "--backend-store-uri", storeUri);
    assertThat(token.exit()).as(token.err()).isZero();
    adminToken = token.out().strip();
    assertThat(adminToken).startsWith("vgl_").hasSizeGreaterThan(40);
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, storeUri, dir.resolve("artifacts").toString()).withAuth(),
        clock).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    System.clearProperty("vigil.auth.failureDelayMillis");
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) b.header("Content-Type", "application/json");
    if (authorization != null) b.header("Authorization", authorization);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void assertUnauthenticated(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"vigil\"");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("error_code").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(body.path("message").asText()).isNotBlank();
  }

  @Test
  void withoutCredentials_everyApiAnswers401_butHealthVersionAndDashboardAreOpen() throws Exception {
    assertUnauthenticated(send("GET", "/api/2.0/mlflow/experiments/search?max_results=5", null, null));
    assertUnauthenticated(send("POST", "/api/2.0/mlflow/experiments/create", null, "{\"name\":\"x\"}"));
    assertUnauthenticated(send("GET", "/ajax-api/2.0/mlflow/experiments/search", null, null));
    assertUnauthenticated(send("GET", "/api/vigil/webhooks", null, null));
    assertUnauthenticated(send("GET", "/metrics", null, null));
    assertUnauthenticated(send("GET", "/api/2.0/mlflow/no-such-endpoint", null, null));
    assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/version", null, null).statusCode()).isEqualTo(200);
    HttpResponse<String> index = send("GET", "/", null, null);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).containsIgnoringCase("<html");
  }

  @Test
  void wrongCredentials_answer401() throws Exception {
    assertUnauthenticated(send("GET", "/api/2.0/mlflow/experiments/search", basic(ADMIN, "wrong password"), null));
    assertUnauthenticated(send("GET", "/api/2.0/mlflow/experiments/search", basic("nobody", "whatever1"), null));
    assertUnauthenticated(send("GET", "/api/2.0/mlflow/experiments/search", "Bearer vgl_notatoken", null));
    assertUnauthenticated(send("GET", "/api/2.0/mlflow/experiments/search", "Basic !!!not-base64", null));
    assertUnauthenticated(send("GET", "/api/2.0/mlflow/experiments/search", "Digest foo", null));
  }

  @Test
  void basicAndBearer_succeed_andTheRunBelongsToTheAuthenticatedUser() throws Exception {
    assertThat(send("GET", "/api/2.0/mlflow/experiments/search?max_results=5", basic(ADMIN, ADMIN_PASSWORD), null)
        .statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/2.0/mlflow/experiments/search?max_results=5", "Bearer " + adminToken, null)
        .statusCode()).isEqualTo(200);
    // With the default permission READ, a user writes runs in an experiment they created (MANAGE), not in Default.
    HttpResponse<String> exp = send("POST", "/api/2.0/mlflow/experiments/create", basic(USER, USER_PASSWORD),
        "{\"name\":\"bobs-runs\"}");
    assertThat(exp.statusCode()).as(exp.body()).isEqualTo(200);
    String experimentId = JSON.readTree(exp.body()).path("experiment_id").asText();
    HttpResponse<String> created = send("POST", "/api/2.0/mlflow/runs/create", basic(USER, USER_PASSWORD),
        "{\"experiment_id\":\"" + experimentId + "\",\"user_id\":\"someone-else\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(JSON.readTree(created.body()).path("run").path("info").path("user_id").asText()).isEqualTo(USER);
  }

  @Test
  void expiredAndRevokedTokens_answer401() throws Exception {
    HttpResponse<String> r = send("POST", "/api/vigil/tokens", basic(USER, USER_PASSWORD),
        "{\"name\":\"short\",\"expires_days\":1}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String shortLived = JSON.readTree(r.body()).path("token").asText();
    assertThat(send("GET", "/api/2.0/mlflow/experiments/search", "Bearer " + shortLived, null).statusCode()).isEqualTo(200);

    r = send("POST", "/api/vigil/tokens", basic(USER, USER_PASSWORD), "{\"name\":\"revoke-me\"}");
    JsonNode revocable = JSON.readTree(r.body());
    String secret = revocable.path("token").asText();
    String id = revocable.path("token_info").path("id").asText();
    assertThat(send("GET", "/api/2.0/mlflow/experiments/search", "Bearer " + secret, null).statusCode()).isEqualTo(200);
    assertThat(send("DELETE", "/api/vigil/tokens/" + id, "Bearer " + secret, null).statusCode()).isEqualTo(200);
    assertUnauthenticated(send("GET", "/api/2.0/mlflow/experiments/search", "Bearer " + secret, null));

    clock.advance(Duration.ofDays(2));
    try {
      assertUnauthenticated(send("GET", "/api/2.0/mlflow/experiments/search", "Bearer " + shortLived, null));
    } finally {
      clock.advance(Duration.ofDays(-2));
    }
  }

  @Test
  void usersAndOthersTokens_needAnAdmin() throws Exception {
    HttpResponse<String> r = send("POST", "/api/vigil/users", basic(USER, USER_PASSWORD),
        "{\"username\":\"eve\",\"password\":\"eve-password\"}");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(r.body()).path("error_code").asText()).isEqualTo("PERMISSION_DENIED");
    r = send("POST", "/api/vigil/tokens", basic(USER, USER_PASSWORD), "{\"username\":\"" + ADMIN + "\"}");
    assertThat(r.statusCode()).isEqualTo(403);

    r = send("POST", "/api/vigil/users", "Bearer " + adminToken, "{\"username\":\"carol\",\"password\":\"carol-pass-1\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).path("user").path("is_admin").asBoolean()).isFalse();
    assertThat(send("GET", "/api/2.0/mlflow/experiments/search", basic("carol", "carol-pass-1"), null).statusCode())
        .isEqualTo(200);
    r = send("POST", "/api/vigil/users", "Bearer " + adminToken, "{\"username\":\"carol\",\"password\":\"carol-pass-1\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    r = send("POST", "/api/vigil/users", "Bearer " + adminToken, "{\"username\":\"dan\",\"password\":\"short\"}");
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void mlflowJavaClient_withCredentialsWorks_andWithoutGets401() {
    MlflowClient withPassword = new MlflowClient(new BasicMlflowHostCreds(server.url(), USER, USER_PASSWORD));
    MlflowClient withToken = new MlflowClient(new BasicMlflowHostCreds(server.url(), adminToken));
    MlflowClient anonymous = new MlflowClient(server.url());
    try {
      String exp = withPassword.createExperiment("mlflow-auth-" + System.nanoTime());
      RunInfo run = withPassword.createRun(exp);
      withPassword.logMetric(run.getRunId(), "loss", 0.5);
      assertThat(run.getUserId()).isEqualTo(USER);
      assertThat(withToken.getRun(run.getRunId()).getData().getMetricsList()).hasSize(1);
      MlflowHttpException e = catchThrowableOfType(() -> anonymous.getExperiment(exp), MlflowHttpException.class);
      assertThat(e).isNotNull();
      assertThat(e.getStatusCode()).isEqualTo(401);
    } finally {
      withPassword.close();
      withToken.close();
      anonymous.close();
    }
  }

  @Test
  void vigilSdk_sendsCredentialsFromConfigAndEnvironment() {
    ClientConfig.Builder base = ClientConfig.builder(server.url()).shutdownHook(false).environment(Map.of());
    try (VigilClient c = VigilClient.create(base.basicAuth(USER, USER_PASSWORD).build())) {
      assertThat(c.createExperiment("sdk-basic-" + System.nanoTime())).isNotBlank();
    }
    try (VigilClient c = VigilClient.create(ClientConfig.builder(server.url()).shutdownHook(false)
        .environment(Map.of("MLFLOW_TRACKING_TOKEN", adminToken)).build())) {
      assertThat(c.createExperiment("sdk-env-token-" + System.nanoTime())).isNotBlank();
    }
    try (VigilClient c = VigilClient.create(ClientConfig.builder(server.url()).shutdownHook(false)
        .environment(Map.of("MLFLOW_TRACKING_USERNAME", USER, "MLFLOW_TRACKING_PASSWORD", USER_PASSWORD)).build())) {
      assertThat(c.createExperiment("sdk-env-basic-" + System.nanoTime())).isNotBlank();
    }
    try (VigilClient c = VigilClient.create(ClientConfig.builder(server.url()).shutdownHook(false)
        .environment(Map.of()).build())) {
      VigilHttpException e = catchThrowableOfType(() -> c.createExperiment("sdk-anon"), VigilHttpException.class);
      assertThat(e).isNotNull();
      assertThat(e.status()).isEqualTo(401);
    }
  }

  @Test
  void clientConfig_neverPrintsSecrets() {
    ClientConfig c = ClientConfig.builder("http://127.0.0.1:1").basicAuth("u", "s3cret").build();
    assertThat(c.toString()).doesNotContain("s3cret");
    assertThat(c.authorizationHeader()).startsWith("Basic ");
  }

  @Test
  void config_refusesNonLoopbackWithoutAuth_unlessInsecureNoAuth() {
    ServerConfig open = new ServerConfig("0.0.0.0", 0, storeUri, "/tmp/a");
    assertThatThrownBy(open::validate).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--auth");
    new ServerConfig("0.0.0.0", 0, storeUri, "/tmp/a", true, false).validate();
    new ServerConfig("0.0.0.0", 0, storeUri, "/tmp/a", false, true).validate();
    new ServerConfig("127.0.0.1", 0, storeUri, "/tmp/a").validate();
    new ServerConfig("localhost", 0, storeUri, "/tmp/a").validate();
    new ServerConfig("::1", 0, storeUri, "/tmp/a").validate();
    assertThat(ServerConfig.isLoopback("10.1.2.3")).isFalse();
    assertThat(ServerConfig.isLoopback("127.0.0.2")).isTrue();
  }

  @Test
  void serverCommand_onZeroZeroZeroZeroWithoutAuth_failsWithOneLine() {
    Cli r = cli(null, "server", "--host", "0.0.0.0", "--port", "0", "--backend-store-uri", storeUri);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("vigil: refusing to listen on 0.0.0.0").doesNotContain("\n");
  }

  @Test
  void cli_usersAndTokens() {
    Cli dup = cli("another-password\n", "users", "create", "--username", ADMIN, "--backend-store-uri", storeUri);
    assertThat(dup.exit()).isEqualTo(2);
    assertThat(dup.err()).contains("already exists");
    Cli shortPw = cli("short\n", "users", "create", "--username", "zed", "--backend-store-uri", storeUri);
    assertThat(shortPw.exit()).isEqualTo(2);

    Cli created = cli(null, "tokens", "create", "--username", USER, "--expires-days", "30", "--backend-store-uri", storeUri);
    assertThat(created.exit()).as(created.err()).isZero();
    String secret = created.out().strip();
    assertThat(created.err()).contains("token id ");
    String id = created.err().replaceAll("(?s).*token id (\\S+) .*", "$1");
    Cli list = cli(null, "tokens", "list", "--username", USER, "--backend-store-uri", storeUri);
    assertThat(list.out()).contains(id).doesNotContain(secret);
    assertThat(cli(null, "tokens", "revoke", id, "--backend-store-uri", storeUri).exit()).isZero();
    assertThat(cli(null, "tokens", "revoke", "nope", "--backend-store-uri", storeUri).exit()).isEqualTo(2);
    Cli users = cli(null, "users", "list", "--backend-store-uri", storeUri);
    assertThat(users.out()).contains(ADMIN + "\tadmin").contains(USER);
  }

  @Test
  void passwordHasher_isSaltedAndVerifies() {
    PasswordHasher h = new PasswordHasher();
    String a = h.hash("pw-123456".toCharArray());
    String b = h.hash("pw-123456".toCharArray());
    assertThat(a).startsWith("$argon2id$v=19$").isNotEqualTo(b);
    assertThat(h.verify("pw-123456".toCharArray(), a)).isTrue();
    assertThat(h.verify("pw-1234567".toCharArray(), a)).isFalse();
    assertThat(h.verify("x".toCharArray(), "garbage")).isFalse();
  }
}
