package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcPermissionStore;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user lifecycle over REST with --auth: listing, reading, changing a password or the admin flag,
 * deleting; as an admin, as the user themself, as another user and anonymously. Each test has its
 * own server and store, since tests delete and demote users.
 */
class UserLifecycleTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String USERS = "/api/vigil/users";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  Path db;
  VigilServer server;

  @BeforeEach
  void start() {
    System.setProperty("vigil.auth.failureDelayMillis", "5");
    db = dir.resolve("users.db");
    try (Database d = Database.openSqlite(db, true)) {
      AuthService auth = new AuthService(new JdbcUserStore(d), Clock.systemUTC(), Duration.ZERO);
      auth.createUser("ada", password("ada").toCharArray(), true);
      auth.createUser("bob", password("bob").toCharArray(), false);
      auth.createUser("cy", password("cy").toCharArray(), false);
    }
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + db.toAbsolutePath(),
        dir.resolve("artifacts").toString()).withAuth(), Clock.systemUTC()).start();
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
    System.clearProperty("vigil.auth.failureDelayMillis");
  }

  static String password(String user) {
    return user + "-password-1";
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String basic(String user) {
    return basic(user, password(user));
  }

  HttpResponse<String> send(String authorization, String method, String path, String body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) b.header("Content-Type", "application/json");
      if (authorization != null) b.header("Authorization", authorization);
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError(r.body(), e);
    }
  }

  static JsonNode ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.request().method() + " " + r.request().uri() + " " + r.body()).isEqualTo(200);
    return json(r);
  }

  /** Asserts an MLflow-shaped error with the status and code; returns the message. */
  static String error(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(json(r).path("error_code").asText()).isEqualTo(code);
    return json(r).path("message").asText();
  }

  static List<String> names(JsonNode users) {
    List<String> out = new ArrayList<>();
    for (JsonNode u : users.path("users")) out.add(u.path("username").asText());
    return out;
  }

  @Test
  void list_isForAdmins_andShowsNoHashes() {
    HttpResponse<String> r = send(basic("ada"), "GET", USERS, null);
    JsonNode list = ok(r);
    assertThat(names(list)).containsExactly("ada", "bob", "cy");
    JsonNode ada = list.path("users").get(0);
    assertThat(ada.path("is_admin").asBoolean()).isTrue();
    assertThat(ada.path("created").asLong()).isPositive();
    assertThat(r.body()).doesNotContain("argon2").doesNotContain("password");
    error(send(basic("bob"), "GET", USERS, null), 403, "PERMISSION_DENIED");
    error(send(null, "GET", USERS, null), 401, "UNAUTHENTICATED");
  }

  @Test
  void get_isForAdminsAndTheUserThemself() {
    assertThat(ok(send(basic("bob"), "GET", USERS + "/bob", null)).path("user").path("username").asText()).isEqualTo("bob");
    assertThat(ok(send(basic("ada"), "GET", USERS + "/bob", null)).path("user").path("is_admin").asBoolean()).isFalse();
    assertThat(send(basic("ada"), "GET", USERS + "/bob", null).body()).doesNotContain("argon2");
    error(send(basic("cy"), "GET", USERS + "/bob", null), 403, "PERMISSION_DENIED");
    // A non-admin learns nothing about which names exist.
    error(send(basic("cy"), "GET", USERS + "/nobody", null), 403, "PERMISSION_DENIED");
    error(send(basic("ada"), "GET", USERS + "/nobody", null), 404, "RESOURCE_DOES_NOT_EXIST");
    error(send(null, "GET", USERS + "/bob", null), 401, "UNAUTHENTICATED");
  }

  @Test
  void ownPasswordChange_needsTheCurrentPassword_andTheOldOneStopsWorking() {
    String body = "{\"password\":\"bob-new-password\"}";
    assertThat(error(send(basic("bob"), "PATCH", USERS + "/bob", body), 400, "INVALID_PARAMETER_VALUE"))
        .contains("current_password");
    error(send(basic("bob"), "PATCH", USERS + "/bob",
        "{\"password\":\"bob-new-password\",\"current_password\":\"wrong-guess-1\"}"), 400, "INVALID_PARAMETER_VALUE");
    assertThat(error(send(basic("bob"), "PATCH", USERS + "/bob",
        "{\"password\":\"short\",\"current_password\":\"" + password("bob") + "\"}"), 400, "INVALID_PARAMETER_VALUE"))
        .contains(String.valueOf(AuthService.MIN_PASSWORD_LENGTH));
    // Still the old password after the refusals.
    ok(send(basic("bob"), "GET", "/api/vigil/whoami", null));

    JsonNode changed = ok(send(basic("bob"), "PATCH", USERS + "/bob",
        "{\"password\":\"bob-new-password\",\"current_password\":\"" + password("bob") + "\"}"));
    assertThat(changed.path("user").path("username").asText()).isEqualTo("bob");
    error(send(basic("bob"), "GET", "/api/vigil/whoami", null), 401, "UNAUTHENTICATED");
    ok(send(basic("bob", "bob-new-password"), "GET", "/api/vigil/whoami", null));
  }

  @Test
  void adminSetsAnotherUsersPassword_withoutTheirCurrentOne_butOthersMayNot() {
    error(send(basic("cy"), "PATCH", USERS + "/bob", "{\"password\":\"taken-over-1\",\"current_password\":\""
        + password("bob") + "\"}"), 403, "PERMISSION_DENIED");
    ok(send(basic("ada"), "PATCH", USERS + "/bob", "{\"password\":\"reset-by-admin\"}"));
    ok(send(basic("bob", "reset-by-admin"), "GET", "/api/vigil/whoami", null));
    error(send(basic("ada"), "PATCH", USERS + "/nobody", "{\"password\":\"reset-by-admin\"}"), 404,
        "RESOURCE_DOES_NOT_EXIST");
    error(send(basic("ada"), "PATCH", USERS + "/bob", "{}"), 400, "INVALID_PARAMETER_VALUE");
    error(send(null, "PATCH", USERS + "/bob", "{\"password\":\"anonymous-1\"}"), 401, "UNAUTHENTICATED");
  }

  @Test
  void isAdmin_isForAdmins_promotionTakesEffectAtOnce_andTheLastAdminStays() {
    error(send(basic("bob"), "PATCH", USERS + "/bob", "{\"is_admin\":true}"), 403, "PERMISSION_DENIED");
    // A refused request changes nothing, not even the password it also carried.
    error(send(basic("bob"), "PATCH", USERS + "/bob", "{\"is_admin\":true,\"password\":\"bob-new-password\","
        + "\"current_password\":\"" + password("bob") + "\"}"), 403, "PERMISSION_DENIED");
    ok(send(basic("bob"), "GET", "/api/vigil/whoami", null));

    assertThat(error(send(basic("ada"), "PATCH", USERS + "/ada", "{\"is_admin\":false}"), 400, "INVALID_PARAMETER_VALUE"))
        .contains("last admin");
    // The refused demotion did not change the password sent with it either.
    error(send(basic("ada"), "PATCH", USERS + "/ada", "{\"is_admin\":false,\"password\":\"ada-new-password\","
        + "\"current_password\":\"" + password("ada") + "\"}"), 400, "INVALID_PARAMETER_VALUE");
    assertThat(ok(send(basic("ada"), "GET", "/api/vigil/whoami", null)).path("is_admin").asBoolean()).isTrue();

    // bob's Basic login is cached as a non-admin: the promotion still counts on the next request.
    error(send(basic("bob"), "GET", USERS, null), 403, "PERMISSION_DENIED");
    assertThat(ok(send(basic("ada"), "PATCH", USERS + "/bob", "{\"is_admin\":true}")).path("user").path("is_admin")
        .asBoolean()).isTrue();
    ok(send(basic("bob"), "GET", USERS, null));
    // Now ada may step down, and at once loses admin rights.
    ok(send(basic("ada"), "PATCH", USERS + "/ada", "{\"is_admin\":false}"));
    error(send(basic("ada"), "GET", USERS, null), 403, "PERMISSION_DENIED");
    error(send(basic("bob"), "PATCH", USERS + "/bob", "{\"is_admin\":\"maybe\"}"), 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void delete_isForAdmins_andTheUsersBasicAndTokenFailAtOnce_andTheirGrantsGo() {
    // bob signs in (his Basic login is now cached), creates a token, an experiment and a registered model.
    String token = ok(send(basic("bob"), "POST", "/api/vigil/tokens", "{\"name\":\"ci\"}")).path("token").asText();
    String exp = ok(send("Bearer " + token, "POST", "/api/2.0/mlflow/experiments/create", "{\"name\":\"bobs\"}"))
        .path("experiment_id").asText();
    String run = ok(send(basic("bob"), "POST", "/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + exp + "\"}"))
        .path("run").path("info").path("run_id").asText();
    ok(send(basic("bob"), "POST", "/api/2.0/mlflow/registered-models/create", "{\"name\":\"bobs-model\"}"));
    ok(send(basic("bob"), "POST", "/api/vigil/experiments/" + exp + "/permissions",
        "{\"username\":\"cy\",\"permission\":\"READ\"}"));

    error(send(basic("cy"), "DELETE", USERS + "/bob", null), 403, "PERMISSION_DENIED");
    error(send(basic("bob"), "DELETE", USERS + "/bob", null), 403, "PERMISSION_DENIED");
    error(send(null, "DELETE", USERS + "/bob", null), 401, "UNAUTHENTICATED");
    ok(send(basic("bob"), "GET", "/api/vigil/whoami", null));

    ok(send(basic("ada"), "DELETE", USERS + "/bob", null));
    error(send(basic("bob"), "GET", "/api/vigil/whoami", null), 401, "UNAUTHENTICATED");
    error(send("Bearer " + token, "GET", "/api/vigil/whoami", null), 401, "UNAUTHENTICATED");
    error(send(basic("bob", token), "GET", "/api/vigil/whoami", null), 401, "UNAUTHENTICATED");
    error(send(basic("ada"), "GET", USERS + "/bob", null), 404, "RESOURCE_DOES_NOT_EXIST");
    error(send(basic("ada"), "DELETE", USERS + "/bob", null), 404, "RESOURCE_DOES_NOT_EXIST");
    assertThat(names(ok(send(basic("ada"), "GET", USERS, null)))).containsExactly("ada", "cy");

    // The grants bob held are gone; the one he gave cy stays; his run keeps his name.
    try (Database d = Database.openSqlite(db, false)) {
      JdbcPermissionStore grants = new JdbcPermissionStore(d);
      assertThat(grants.experimentPermissions(exp)).containsOnlyKeys("cy");
      assertThat(grants.modelPermissions("bobs-model")).isEmpty();
      assertThat(new JdbcUserStore(d).listTokens("bob")).isEmpty();
    }
    JsonNode r = ok(send(basic("ada"), "GET", "/api/2.0/mlflow/runs/get?run_id=" + run, null));
    assertThat(r.path("run").path("info").path("user_id").asText()).isEqualTo("bob");

    // A new "bob" inherits nothing: no grant, no token.
    ok(send(basic("ada"), "POST", USERS, "{\"username\":\"bob\",\"password\":\"" + password("bob") + "\"}"));
    assertThat(ok(send(basic("bob"), "GET", "/api/vigil/tokens", null)).path("tokens")).isEmpty();
    error(send("Bearer " + token, "GET", "/api/vigil/whoami", null), 401, "UNAUTHENTICATED");
  }

  @Test
  void lastAdmin_cannotDeleteThemself_butOneOfTwoMay() {
    assertThat(error(send(basic("ada"), "DELETE", USERS + "/ada", null), 400, "INVALID_PARAMETER_VALUE"))
        .contains("last admin");
    ok(send(basic("ada"), "GET", "/api/vigil/whoami", null));
    ok(send(basic("ada"), "PATCH", USERS + "/cy", "{\"is_admin\":true}"));
    ok(send(basic("ada"), "DELETE", USERS + "/ada", null));
    error(send(basic("ada"), "GET", "/api/vigil/whoami", null), 401, "UNAUTHENTICATED");
    assertThat(names(ok(send(basic("cy"), "GET", USERS, null)))).containsExactly("bob", "cy");
    error(send(basic("cy"), "DELETE", USERS + "/cy", null), 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void aDeleteThroughTheStore_byAnotherProcess_alsoEndsACachedLogin() {
    ok(send(basic("bob"), "GET", "/api/vigil/whoami", null));
    try (Database d = Database.openSqlite(db, false)) {
      new JdbcUserStore(d).deleteUser("bob");
    }
    error(send(basic("bob"), "GET", "/api/vigil/whoami", null), 401, "UNAUTHENTICATED");
  }
}
