package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.auth.AuthService;
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
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dashboard's sign-in relies on: {@code GET /api/vigil/whoami} names the caller, and a 401 to
 * a request marked {@code X-Requested-With: vigil-dashboard} carries no {@code WWW-Authenticate}
 * (so the browser shows no credential dialog), while every other client keeps the standard challenge.
 */
class DashboardSignInTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PASSWORD = "dashboard-pass-1";

  @TempDir static Path dir;
  static VigilServer server;
  static VigilServer open;
  static String token;

  @BeforeAll
  static void start() {
    System.setProperty("vigil.auth.failureDelayMillis", "20");
    Path db = dir.resolve("auth.db");
    try (Database d = Database.openSqlite(db, true)) {
      AuthService auth = new AuthService(new JdbcUserStore(d), Clock.systemUTC(), Duration.ZERO);
      auth.createUser("ada", PASSWORD.toCharArray(), true);
      auth.createUser("bob", PASSWORD.toCharArray(), false);
      token = auth.createToken("bob", "dashboard", null).secret();
    }
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + db.toAbsolutePath(),
        dir.resolve("artifacts").toString()).withAuth(), Clock.systemUTC()).start();
    open = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("open.db").toAbsolutePath(),
        dir.resolve("artifacts").toString()), Clock.systemUTC()).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (open != null) open.close();
    System.clearProperty("vigil.auth.failureDelayMillis");
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> get(VigilServer s, String path, String authorization, boolean dashboard) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(10)).GET();
    if (authorization != null) b.header("Authorization", authorization);
    if (dashboard) b.header("X-Requested-With", HttpApi.DASHBOARD_CLIENT);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void whoami_namesTheCaller_forBasicAndBearer() throws Exception {
    HttpResponse<String> r = get(server, "/api/vigil/whoami", basic("ada", PASSWORD), true);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode me = JSON.readTree(r.body());
    assertThat(me.path("username").asText()).isEqualTo("ada");
    assertThat(me.path("is_admin").asBoolean()).isTrue();

    me = JSON.readTree(get(server, "/api/vigil/whoami", "Bearer " + token, false).body());
    assertThat(me.path("username").asText()).isEqualTo("bob");
    assertThat(me.path("is_admin").asBoolean()).isFalse();
  }

  @Test
  void dashboard401_hasNoChallenge_otherClientsKeepIt() throws Exception {
    for (String auth : new String[] {null, basic("bob", "wrong-password"), "Bearer vgl_nope"}) {
      HttpResponse<String> dash = get(server, "/api/vigil/whoami", auth, true);
      assertThat(dash.statusCode()).isEqualTo(401);
      assertThat(dash.headers().firstValue("WWW-Authenticate")).as("dashboard, auth=%s", auth).isEmpty();
      assertThat(JSON.readTree(dash.body()).path("error_code").asText()).isEqualTo("UNAUTHENTICATED");

      HttpResponse<String> other = get(server, "/ajax-api/2.0/mlflow/experiments/search?max_results=1", auth, false);
      assertThat(other.statusCode()).isEqualTo(401);
      assertThat(other.headers().firstValue("WWW-Authenticate")).as("other client, auth=%s", auth)
          .contains("Basic realm=\"vigil\"");
    }
    // Another X-Requested-With value (jQuery's XMLHttpRequest) is a client like any other.
    HttpRequest xhr = HttpRequest.newBuilder(URI.create(server.url() + "/api/vigil/whoami"))
        .header("X-Requested-With", "XMLHttpRequest").GET().build();
    assertThat(HTTP.send(xhr, HttpResponse.BodyHandlers.ofString()).headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void withoutAuth_thereIsNoWhoami() throws Exception {
    assertThat(get(open, "/api/vigil/whoami", null, true).statusCode()).isEqualTo(404);
  }
}
