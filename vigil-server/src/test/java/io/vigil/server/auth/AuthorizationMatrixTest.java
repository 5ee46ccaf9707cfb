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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The authorisation matrix: every route of the server × anonymous, reader (the default READ), editor
 * (granted EDIT), manager (granted MANAGE) and admin, on resources another user ("owner") created and
 * on resources the user created themselves; each answer must be 401, 403 or the route's success.
 * A second server whose default permission is NONE runs the same table for an outsider. The test
 * fails when a route has no entry, so a new route cannot ship unchecked.
 */
class AuthorizationMatrixTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "matrix-password-1";
  static final String MLFLOW = "/api/2.0/mlflow";
  static final String AJAX = "/ajax-api/2.0/mlflow";
  static final String VIGIL = "/api/vigil";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final AtomicInteger SEQ = new AtomicInteger();

  @TempDir static Path dir;
  static VigilServer server; // default READ
  static VigilServer closed; // default NONE

  /** What a route needs. OWNER: the resource's own user or an admin (API tokens). FILTERED answers hide what the caller cannot read. */
  enum Need { PUBLIC, AUTHENTICATED, READ, EDIT, MANAGE, OWNER, ADMIN }

  record Req(String method, String path, String body, String contentType) {}

  /**
   * One matrix row: {@code route} as {@link VigilServer#routes()} names it; {@code fresh} when the call
   * consumes its resource (a delete, a rename), so every case gets a new fixture.
   */
  record Endpoint(String route, Need needs, boolean fresh, Function<Fixture, Req> request) {}

  static Req get(String path) {
    return new Req("GET", path, null, null);
  }

  static Req json(String method, String path, String body) {
    return new Req(method, path, body, "application/json");
  }

  static String q(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static final String MONITOR = "{\"task\":\"regression\",\"window\":\"1h\",\"features\":{\"age\":\"numeric\"},"
      + "\"alerts\":[{\"name\":\"high\",\"metric\":\"mae\",\"op\":\"above\",\"threshold\":1000}]}";
  // Nothing listens on port 9 (discard): deliveries fail quietly in the background.
  static final String WEBHOOK = "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"ping\"]}";

  static final List<Endpoint> ENDPOINTS = new ArrayList<>();

  static void add(String method, String path, Need needs, boolean fresh, Function<Fixture, Req> request) {
    ENDPOINTS.add(new Endpoint(method + " " + path, needs, fresh, request));
  }

  /** An MLflow route, under both /api and /ajax-api; {@code request} gets the prefix to call. */
  static void mlflow(String method, String path, Need needs, boolean fresh,
      java.util.function.BiFunction<Fixture, String, Req> request) {
    for (String prefix : List.of(MLFLOW, AJAX)) add(method, prefix + path, needs, fresh, f -> request.apply(f, prefix));
  }

  static {
    add("GET", "/health", Need.PUBLIC, false, f -> get("/health"));
    add("GET", "/version", Need.PUBLIC, false, f -> get("/version"));
    add("GET", "/metrics", Need.AUTHENTICATED, false, f -> get("/metrics"));

    // ---- tracking
    mlflow("POST", "/experiments/create", Need.AUTHENTICATED, false,
        (f, p) -> json("POST", p + "/experiments/create", "{\"name\":\"new-" + SEQ.incrementAndGet() + "\"}"));
    mlflow("GET", "/experiments/get", Need.READ, false, (f, p) -> get(p + "/experiments/get?experiment_id=" + f.exp()));
    mlflow("GET", "/experiments/get-by-name", Need.READ, false,
        (f, p) -> get(p + "/experiments/get-by-name?experiment_name=" + q(f.expName())));
    mlflow("GET", "/experiments/search", Need.AUTHENTICATED, false, (f, p) -> get(p + "/experiments/search?max_results=10"));
    mlflow("POST", "/experiments/search", Need.AUTHENTICATED, false,
        (f, p) -> json("POST", p + "/experiments/search", "{\"max_results\":10}"));
    mlflow("POST", "/experiments/update", Need.MANAGE, true, (f, p) -> json("POST", p + "/experiments/update",
        "{\"experiment_id\":\"" + f.exp() + "\",\"new_name\":\"renamed-" + SEQ.incrementAndGet() + "\"}"));
    mlflow("POST", "/experiments/delete", Need.MANAGE, true,
        (f, p) -> json("POST", p + "/experiments/delete", "{\"experiment_id\":\"" + f.exp() + "\"}"));
    mlflow("POST", "/experiments/restore", Need.MANAGE, true, (f, p) -> {
      f.as("admin", "POST", MLFLOW + "/experiments/delete", "{\"experiment_id\":\"" + f.exp() + "\"}");
      return json("POST", p + "/experiments/restore", "{\"experiment_id\":\"" + f.exp() + "\"}");
    });
    mlflow("POST", "/experiments/set-experiment-tag", Need.MANAGE, false, (f, p) -> json("POST",
        p + "/experiments/set-experiment-tag", "{\"experiment_id\":\"" + f.exp() + "\",\"key\":\"k\",\"value\":\"v\"}"));
    mlflow("POST", "/runs/create", Need.EDIT, false,
        (f, p) -> json("POST", p + "/runs/create", "{\"experiment_id\":\"" + f.exp() + "\"}"));
    mlflow("GET", "/runs/get", Need.READ, false, (f, p) -> get(p + "/runs/get?run_id=" + f.run()));
    mlflow("POST", "/runs/update", Need.EDIT, false,
        (f, p) -> json("POST", p + "/runs/update", "{\"run_id\":\"" + f.run() + "\",\"status\":\"RUNNING\"}"));
    mlflow("POST", "/runs/delete", Need.EDIT, true, (f, p) -> json("POST", p + "/runs/delete", "{\"run_id\":\"" + f.run() + "\"}"));
    mlflow("POST", "/runs/restore", Need.EDIT, true, (f, p) -> {
      f.as("admin", "POST", MLFLOW + "/runs/delete", "{\"run_id\":\"" + f.run() + "\"}");
      return json("POST", p + "/runs/restore", "{\"run_id\":\"" + f.run() + "\"}");
    });
    mlflow("POST", "/runs/search", Need.AUTHENTICATED, false,
        (f, p) -> json("POST", p + "/runs/search", "{\"experiment_ids\":[\"" + f.exp() + "\"]}"));
    mlflow("POST", "/runs/set-tag", Need.EDIT, false,
        (f, p) -> json("POST", p + "/runs/set-tag", "{\"run_id\":\"" + f.run() + "\",\"key\":\"k\",\"value\":\"v\"}"));
    mlflow("POST", "/runs/delete-tag", Need.EDIT, true,
        (f, p) -> json("POST", p + "/runs/delete-tag", "{\"run_id\":\"" + f.run() + "\",\"key\":\"t\"}"));
    mlflow("POST", "/runs/log-parameter", Need.EDIT, false, (f, p) -> json("POST", p + "/runs/log-parameter",
        "{\"run_id\":\"" + f.run() + "\",\"key\":\"p" + SEQ.incrementAndGet() + "\",\"value\":\"v\"}"));
    mlflow("POST", "/runs/log-metric", Need.EDIT, false, (f, p) -> json("POST", p + "/runs/log-metric",
        "{\"run_id\":\"" + f.run() + "\",\"key\":\"loss\",\"value\":0.4,\"timestamp\":2,\"step\":1}"));
    mlflow("POST", "/runs/log-batch", Need.EDIT, false, (f, p) -> json("POST", p + "/runs/log-batch",
        "{\"run_id\":\"" + f.run() + "\",\"metrics\":[{\"key\":\"acc\",\"value\":1,\"timestamp\":1,\"step\":0}]}"));
    mlflow("GET", "/metrics/get-history", Need.READ, false,
        (f, p) -> get(p + "/metrics/get-history?run_id=" + f.run() + "&metric_key=loss"));
    mlflow("GET", "/metrics/get-history-bulk-interval", Need.READ, false,
        (f, p) -> get(p + "/metrics/get-history-bulk-interval?run_ids=" + f.run() + "&metric_key=loss"));
    mlflow("GET", "/artifacts/list", Need.READ, false, (f, p) -> get(p + "/artifacts/list?run_id=" + f.run()));

    // ---- the artifact proxy: <experiment_id>/<run_id>/artifacts/…
    for (String p : List.of("/api/2.0/mlflow-artifacts", "/ajax-api/2.0/mlflow-artifacts")) {
      add("PUT", p + "/artifacts/<path>", Need.EDIT, false,
          f -> new Req("PUT", p + "/artifacts/" + f.artifactDir() + "/up.txt", "hello", "application/octet-stream"));
      add("GET", p + "/artifacts/<path>", Need.READ, false, f -> get(p + "/artifacts/" + f.artifact()));
      add("DELETE", p + "/artifacts/<path>", Need.EDIT, true, f -> new Req("DELETE", p + "/artifacts/" + f.artifact(), null, null));
      add("GET", p + "/artifacts", Need.READ, false, f -> get(p + "/artifacts?path=" + q(f.artifactDir())));
    }

    // ---- registry
    mlflow("POST", "/registered-models/create", Need.AUTHENTICATED, false,
        (f, p) -> json("POST", p + "/registered-models/create", "{\"name\":\"new-model-" + SEQ.incrementAndGet() + "\"}"));
    mlflow("GET", "/registered-models/get", Need.READ, false, (f, p) -> get(p + "/registered-models/get?name=" + q(f.model())));
    mlflow("POST", "/registered-models/rename", Need.MANAGE, true, (f, p) -> json("POST", p + "/registered-models/rename",
        "{\"name\":\"" + f.model() + "\",\"new_name\":\"renamed-model-" + SEQ.incrementAndGet() + "\"}"));
    mlflow("PATCH", "/registered-models/update", Need.EDIT, false, (f, p) -> json("PATCH", p + "/registered-models/update",
        "{\"name\":\"" + f.model() + "\",\"description\":\"d\"}"));
    mlflow("DELETE", "/registered-models/delete", Need.MANAGE, true,
        (f, p) -> json("DELETE", p + "/registered-models/delete", "{\"name\":\"" + f.model() + "\"}"));
    mlflow("GET", "/registered-models/search", Need.AUTHENTICATED, false, (f, p) -> get(p + "/registered-models/search"));
    mlflow("POST", "/registered-models/set-tag", Need.EDIT, false, (f, p) -> json("POST", p + "/registered-models/set-tag",
        "{\"name\":\"" + f.model() + "\",\"key\":\"k\",\"value\":\"v\"}"));
    mlflow("DELETE", "/registered-models/delete-tag", Need.EDIT, true, (f, p) -> json("DELETE",
        p + "/registered-models/delete-tag", "{\"name\":\"" + f.model() + "\",\"key\":\"t\"}"));
    mlflow("POST", "/registered-models/get-latest-versions", Need.READ, false, (f, p) -> json("POST",
        p + "/registered-models/get-latest-versions", "{\"name\":\"" + f.model() + "\"}"));
    mlflow("GET", "/registered-models/get-latest-versions", Need.READ, false,
        (f, p) -> get(p + "/registered-models/get-latest-versions?name=" + q(f.model())));
    mlflow("POST", "/registered-models/alias", Need.EDIT, false, (f, p) -> json("POST", p + "/registered-models/alias",
        "{\"name\":\"" + f.model() + "\",\"alias\":\"staging\",\"version\":\"1\"}"));
    mlflow("DELETE", "/registered-models/alias", Need.EDIT, true, (f, p) -> json("DELETE", p + "/registered-models/alias",
        "{\"name\":\"" + f.model() + "\",\"alias\":\"champion\"}"));
    mlflow("GET", "/registered-models/alias", Need.READ, false,
        (f, p) -> get(p + "/registered-models/alias?name=" + q(f.model()) + "&alias=champion"));
    mlflow("POST", "/model-versions/create", Need.EDIT, false, (f, p) -> json("POST", p + "/model-versions/create",
        "{\"name\":\"" + f.model() + "\",\"source\":\"s3://b/m\",\"run_id\":\"" + f.run() + "\"}"));
    mlflow("GET", "/model-versions/get", Need.READ, false,
        (f, p) -> get(p + "/model-versions/get?name=" + q(f.model()) + "&version=1"));
    mlflow("PATCH", "/model-versions/update", Need.EDIT, false, (f, p) -> json("PATCH", p + "/model-versions/update",
        "{\"name\":\"" + f.model() + "\",\"version\":\"1\",\"description\":\"d\"}"));
    mlflow("DELETE", "/model-versions/delete", Need.EDIT, true, (f, p) -> json("DELETE", p + "/model-versions/delete",
        "{\"name\":\"" + f.model() + "\",\"version\":\"1\"}"));
    mlflow("GET", "/model-versions/search", Need.AUTHENTICATED, false, (f, p) -> get(p + "/model-versions/search"));
    mlflow("POST", "/model-versions/set-tag", Need.EDIT, false, (f, p) -> json("POST", p + "/model-versions/set-tag",
        "{\"name\":\"" + f.model() + "\",\"version\":\"1\",\"key\":\"k\",\"value\":\"v\"}"));
    mlflow("DELETE", "/model-versions/delete-tag", Need.EDIT, true, (f, p) -> json("DELETE", p + "/model-versions/delete-tag",
        "{\"name\":\"" + f.model() + "\",\"version\":\"1\",\"key\":\"t\"}"));
    mlflow("POST", "/model-versions/transition-stage", Need.EDIT, false, (f, p) -> json("POST",
        p + "/model-versions/transition-stage", "{\"name\":\"" + f.model() + "\",\"version\":\"1\",\"stage\":\"Staging\"}"));
    mlflow("GET", "/model-versions/get-download-uri", Need.READ, false,
        (f, p) -> get(p + "/model-versions/get-download-uri?name=" + q(f.model()) + "&version=1"));
    add("GET", VIGIL + "/registered-models/{name}/alias-history", Need.READ, false,
        f -> get(VIGIL + "/registered-models/" + f.model() + "/alias-history"));
    add("POST", VIGIL + "/registered-models/{name}/rollback", Need.EDIT, true,
        f -> json("POST", VIGIL + "/registered-models/" + f.model() + "/rollback", "{\"alias\":\"champion\"}"));
    add("POST", VIGIL + "/registered-models/{name}/gate-results", Need.EDIT, false,
        f -> json("POST", VIGIL + "/registered-models/" + f.model() + "/gate-results", "{\"version\":\"1\",\"passed\":true}"));

    // ---- grants
    add("GET", VIGIL + "/experiments/{id}/permissions", Need.READ, false, f -> get(VIGIL + "/experiments/" + f.exp() + "/permissions"));
    add("POST", VIGIL + "/experiments/{id}/permissions", Need.MANAGE, false, f -> json("POST",
        VIGIL + "/experiments/" + f.exp() + "/permissions", "{\"username\":\"bystander\",\"permission\":\"READ\"}"));
    add("DELETE", VIGIL + "/experiments/{id}/permissions/{username}", Need.MANAGE, true,
        f -> new Req("DELETE", VIGIL + "/experiments/" + f.exp() + "/permissions/bystander", null, null));
    add("GET", VIGIL + "/registered-models/{name}/permissions", Need.READ, false,
        f -> get(VIGIL + "/registered-models/" + f.model() + "/permissions"));
    add("POST", VIGIL + "/registered-models/{name}/permissions", Need.MANAGE, false, f -> json("POST",
        VIGIL + "/registered-models/" + f.model() + "/permissions", "{\"username\":\"bystander\",\"permission\":\"READ\"}"));
    add("DELETE", VIGIL + "/registered-models/{name}/permissions/{username}", Need.MANAGE, true,
        f -> new Req("DELETE", VIGIL + "/registered-models/" + f.model() + "/permissions/bystander", null, null));

    // MLflow's basic-auth grant endpoints (MANAGE, as in MLflow); /api only.
    String ep = MLFLOW + "/experiments/permissions";
    add("POST", ep + "/create", Need.MANAGE, true, f -> json("POST", ep + "/create",
        "{\"experiment_id\":\"" + f.exp() + "\",\"username\":\"admin\",\"permission\":\"READ\"}"));
    add("GET", ep + "/get", Need.MANAGE, false, f -> get(ep + "/get?experiment_id=" + f.exp() + "&username=bystander"));
    add("PATCH", ep + "/update", Need.MANAGE, false, f -> json("PATCH", ep + "/update",
        "{\"experiment_id\":\"" + f.exp() + "\",\"username\":\"bystander\",\"permission\":\"READ\"}"));
    add("DELETE", ep + "/delete", Need.MANAGE, true, f -> json("DELETE", ep + "/delete",
        "{\"experiment_id\":\"" + f.exp() + "\",\"username\":\"bystander\"}"));
    String mp = MLFLOW + "/registered-models/permissions";
    add("POST", mp + "/create", Need.MANAGE, true, f -> json("POST", mp + "/create",
        "{\"name\":\"" + f.model() + "\",\"username\":\"admin\",\"permission\":\"NO_PERMISSIONS\"}"));
    add("GET", mp + "/get", Need.MANAGE, false, f -> get(mp + "/get?name=" + q(f.model()) + "&username=bystander"));
    add("PATCH", mp + "/update", Need.MANAGE, false, f -> json("PATCH", mp + "/update",
        "{\"name\":\"" + f.model() + "\",\"username\":\"bystander\",\"permission\":\"READ\"}"));
    add("DELETE", mp + "/delete", Need.MANAGE, true, f -> json("DELETE", mp + "/delete",
        "{\"name\":\"" + f.model() + "\",\"username\":\"bystander\"}"));

    // ---- users and tokens
    add("POST", VIGIL + "/users", Need.ADMIN, false, f -> json("POST", VIGIL + "/users",
        "{\"username\":\"user-" + SEQ.incrementAndGet() + "\",\"password\":\"" + PASSWORD + "\"}"));
    add("POST", VIGIL + "/tokens", Need.AUTHENTICATED, false, f -> json("POST", VIGIL + "/tokens", "{\"name\":\"t\"}"));
    add("GET", VIGIL + "/users", Need.ADMIN, false, f -> get(VIGIL + "/users"));
    // OWNER: the user the fixture belongs to, or an admin.
    add("GET", VIGIL + "/users/{username}", Need.OWNER, false, f -> get(VIGIL + "/users/" + f.creator));
    add("PATCH", VIGIL + "/users/{username}", Need.OWNER, false, f -> json("PATCH", VIGIL + "/users/" + f.creator,
        "{\"password\":\"" + PASSWORD + "\",\"current_password\":\"" + PASSWORD + "\"}"));
    add("DELETE", VIGIL + "/users/{username}", Need.ADMIN, false, f -> {
      String user = "gone-" + SEQ.incrementAndGet();
      f.as("admin", "POST", VIGIL + "/users", "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}");
      return new Req("DELETE", VIGIL + "/users/" + user, null, null);
    });
    add("GET", VIGIL + "/audit", Need.ADMIN, false, f -> get(VIGIL + "/audit?max_results=5"));
    add("GET", VIGIL + "/whoami", Need.AUTHENTICATED, false, f -> get(VIGIL + "/whoami"));
    add("GET", VIGIL + "/tokens", Need.AUTHENTICATED, false, f -> get(VIGIL + "/tokens"));
    add("DELETE", VIGIL + "/tokens/{id}", Need.OWNER, true, f -> new Req("DELETE", VIGIL + "/tokens/" + f.token(), null, null));

    // ---- dashboard data
    add("GET", VIGIL + "/series", Need.READ, false, f -> get(VIGIL + "/series?run_ids=" + f.run() + "&key=loss"));
    add("GET", VIGIL + "/experiments/stats", Need.AUTHENTICATED, false, f -> get(VIGIL + "/experiments/stats?experiment_ids=" + f.exp()));
    add("POST", VIGIL + "/evaluate", Need.EDIT, false, f -> json("POST", VIGIL + "/evaluate",
        "{\"task\":\"regression\",\"y_true\":[1,2],\"y_pred\":[1,2.5],\"run_id\":\"" + f.run() + "\"}"));

    // ---- monitors (governed by the registered model of the same name)
    String m = VIGIL + "/monitors/{model}";
    add("GET", VIGIL + "/monitors", Need.AUTHENTICATED, false, f -> get(VIGIL + "/monitors"));
    add("PUT", m, Need.MANAGE, false, f -> json("PUT", VIGIL + "/monitors/" + f.monitor(), MONITOR));
    add("GET", m, Need.READ, false, f -> get(VIGIL + "/monitors/" + f.monitor()));
    add("DELETE", m, Need.MANAGE, true, f -> new Req("DELETE", VIGIL + "/monitors/" + f.monitor(), null, null));
    add("POST", m + "/predictions", Need.EDIT, false, f -> json("POST", VIGIL + "/monitors/" + f.monitor() + "/predictions",
        "[{\"id\":\"p" + SEQ.incrementAndGet() + "\",\"timestamp\":1,\"model_version\":\"1\",\"prediction\":1.5,\"features\":{\"age\":3}}]"));
    add("POST", m + "/outcomes", Need.EDIT, false, f -> json("POST", VIGIL + "/monitors/" + f.monitor() + "/outcomes",
        "[{\"id\":\"p1\",\"label\":1.0}]"));
    add("PUT", m + "/reference", Need.EDIT, false, f -> json("PUT", VIGIL + "/monitors/" + f.monitor() + "/reference",
        "[{\"age\":1},{\"age\":2}]"));
    add("GET", m + "/windows", Need.READ, false, f -> get(VIGIL + "/monitors/" + f.monitor() + "/windows?metric=mae"));
    add("GET", m + "/series", Need.READ, false, f -> get(VIGIL + "/monitors/" + f.monitor() + "/series?metric=mae"));
    add("GET", m + "/alerts", Need.READ, false, f -> get(VIGIL + "/monitors/" + f.monitor() + "/alerts"));
    add("GET", m + "/alerts/history", Need.READ, false, f -> get(VIGIL + "/monitors/" + f.monitor() + "/alerts/history"));
    add("POST", m + "/alerts/{rule}/silence", Need.EDIT, false,
        f -> json("POST", VIGIL + "/monitors/" + f.monitor() + "/alerts/high/silence", "{\"duration\":\"1h\"}"));

    // ---- webhooks (admins only: a webhook sees every model's events)
    add("POST", VIGIL + "/webhooks", Need.ADMIN, false, f -> json("POST", VIGIL + "/webhooks", WEBHOOK));
    add("GET", VIGIL + "/webhooks", Need.ADMIN, false, f -> get(VIGIL + "/webhooks"));
    add("DELETE", VIGIL + "/webhooks/{id}", Need.ADMIN, true, f -> new Req("DELETE", VIGIL + "/webhooks/" + f.webhook(), null, null));
    add("POST", VIGIL + "/webhooks/{id}/ping", Need.ADMIN, false, f -> json("POST", VIGIL + "/webhooks/" + f.webhook() + "/ping", "{}"));
    add("GET", VIGIL + "/webhooks/{id}/deliveries", Need.ADMIN, false, f -> get(VIGIL + "/webhooks/" + f.webhook() + "/deliveries"));
  }

  /**
   * The resources of one user, created on first use through the API: an experiment with a run (a
   * metric, a tag, an artifact), a registered model (two versions, a tag, the alias champion moved
   * v1 → v2) with a monitor of the same name, an API token, a webhook. When "owner" creates them,
   * editor gets EDIT and manager MANAGE; bystander always has a READ grant (for the revoke routes).
   */
  static final class Fixture {
    final VigilServer s;
    final String creator;
    private String exp;
    private String expName;
    private String run;
    private String model;
    private String artifact;
    private String monitor;
    private String token;
    private String webhook;

    Fixture(VigilServer s, String creator) {
      this.s = s;
      this.creator = creator;
    }

    JsonNode as(String user, String method, String path, String body) {
      return ok(send(s, user, method, path, body));
    }

    private JsonNode mine(String method, String path, String body) {
      return as(creator, method, path, body);
    }

    private void grants(String kind, String id) {
      String path = VIGIL + "/" + kind + "/" + id + "/permissions";
      if (creator.equals("owner")) {
        mine("POST", path, "{\"username\":\"editor\",\"permission\":\"EDIT\"}");
        mine("POST", path, "{\"username\":\"manager\",\"permission\":\"MANAGE\"}");
      }
      mine("POST", path, "{\"username\":\"bystander\",\"permission\":\"READ\"}");
    }

    String exp() {
      if (exp == null) {
        expName = "e-" + SEQ.incrementAndGet();
        exp = mine("POST", MLFLOW + "/experiments/create", "{\"name\":\"" + expName + "\"}").path("experiment_id").asText();
        run = mine("POST", MLFLOW + "/runs/create", "{\"experiment_id\":\"" + exp + "\"}").path("run").path("info").path("run_id").asText();
        mine("POST", MLFLOW + "/runs/log-batch", "{\"run_id\":\"" + run + "\",\"metrics\":[{\"key\":\"loss\",\"value\":0.5,"
            + "\"timestamp\":1,\"step\":0}],\"tags\":[{\"key\":\"t\",\"value\":\"v\"}]}");
        grants("experiments", exp);
      }
      return exp;
    }

    String expName() {
      exp();
      return expName;
    }

    String run() {
      exp();
      return run;
    }

    String artifactDir() {
      return exp() + "/" + run + "/artifacts";
    }

    String artifact() {
      if (artifact == null) {
        artifact = artifactDir() + "/a.txt";
        HttpResponse<String> r = sendRaw(s, creator, "PUT", "/api/2.0/mlflow-artifacts/artifacts/" + artifact, "x", "text/plain");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      }
      return artifact;
    }

    String model() {
      if (model == null) {
        model = "model-" + SEQ.incrementAndGet();
        mine("POST", MLFLOW + "/registered-models/create", "{\"name\":\"" + model + "\",\"tags\":[{\"key\":\"t\",\"value\":\"v\"}]}");
        for (int v = 1; v <= 2; v++) {
          mine("POST", MLFLOW + "/model-versions/create", "{\"name\":\"" + model + "\",\"source\":\"s3://b/m" + v + "\","
              + "\"tags\":[{\"key\":\"t\",\"value\":\"v\"}]}");
          mine("POST", MLFLOW + "/registered-models/alias", "{\"name\":\"" + model + "\",\"alias\":\"champion\",\"version\":\"" + v + "\"}");
        }
        grants("registered-models", model);
      }
      return model;
    }

    String monitor() {
      if (monitor == null) {
        monitor = model();
        HttpResponse<String> r = sendRaw(s, creator, "PUT", VIGIL + "/monitors/" + monitor, MONITOR, "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      }
      return monitor;
    }

    String token() {
      if (token == null) token = mine("POST", VIGIL + "/tokens", "{\"name\":\"t\"}").path("token_info").path("id").asText();
      return token;
    }

    String webhook() {
      if (webhook == null) webhook = as("admin", "POST", VIGIL + "/webhooks", WEBHOOK).path("webhook").path("id").asText();
      return webhook;
    }
  }

  @BeforeAll
  static void start() {
    System.setProperty("vigil.auth.failureDelayMillis", "20");
    server = startServer("read.db", null, "admin", "owner", "editor", "manager", "reader", "bystander");
    closed = startServer("none.db", Permission.NONE, "admin", "alice", "outsider", "bystander");
  }

  static VigilServer startServer(String file, Permission defaultPermission, String... users) {
    Path db = dir.resolve(file);
    try (Database d = Database.openSqlite(db, true)) {
      AuthService auth = new AuthService(new JdbcUserStore(d), Clock.systemUTC(), Duration.ZERO);
      for (String u : users) auth.createUser(u, PASSWORD.toCharArray(), u.equals("admin"));
    }
    ServerConfig config = new ServerConfig("127.0.0.1", 0, "sqlite:///" + db.toAbsolutePath(),
        dir.resolve("artifacts-" + file).toString()).withAuth();
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

  static HttpResponse<String> sendRaw(VigilServer s, String user, String method, String path, String body, String contentType) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(10))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (contentType != null) b.header("Content-Type", contentType);
      if (user != null) b.header("Authorization", basic(user));
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static HttpResponse<String> send(VigilServer s, String user, String method, String path, String body) {
    return sendRaw(s, user, method, path, body, body == null ? null : "application/json");
  }

  static JsonNode ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.request().method() + " " + r.request().uri() + " " + r.body()).isEqualTo(200);
    try {
      return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------- the matrix

  /** The permission each user of the READ server holds on resources "owner" created. */
  static final Map<String, Need> GRANTED = Map.of("reader", Need.READ, "editor", Need.EDIT, "manager", Need.MANAGE);

  static boolean allowed(Need needs, String user, boolean owned, Need granted) {
    if (needs == Need.PUBLIC || needs == Need.AUTHENTICATED) return true;
    if (user.equals("admin")) return true;
    if (needs == Need.ADMIN) return false;
    if (owned) return true;
    return needs != Need.OWNER && granted != null && granted.compareTo(needs) >= 0;
  }

  static void expect(VigilServer s, Endpoint e, String user, Fixture f, boolean allowed, List<String> failures) {
    Req q = e.request().apply(f);
    HttpResponse<String> r = sendRaw(s, user, q.method(), q.path(), q.body(), q.contentType());
    int expected = user == null && e.needs() != Need.PUBLIC ? 401 : allowed ? 200 : 403;
    boolean denied = expected == 403 && !r.body().contains("\"error_code\":\"PERMISSION_DENIED\"");
    if (r.statusCode() != expected || denied) {
      failures.add(e.route() + " as " + user + (f.creator.equals(user) ? " (own)" : " (" + f.creator + "'s)") + ": expected "
          + expected + ", got " + r.statusCode() + " " + r.body());
    }
  }

  @Test
  void everyRoute_hasAMatrixEntry() {
    Set<String> covered = new TreeSet<>();
    for (Endpoint e : ENDPOINTS) covered.add(e.route());
    Set<String> routes = new TreeSet<>(server.routes());
    assertThat(routes).as("routes without a matrix entry").isSubsetOf(covered);
    assertThat(covered).as("matrix entries that are not routes").isSubsetOf(routes);
  }

  @Test
  void matrix_defaultRead() {
    List<String> failures = new ArrayList<>();
    Fixture shared = new Fixture(server, "owner");
    Map<String, Fixture> own = new LinkedHashMap<>();
    for (String u : GRANTED.keySet()) own.put(u, new Fixture(server, u));
    for (Endpoint e : ENDPOINTS) {
      expect(server, e, null, e.fresh() ? new Fixture(server, "owner") : shared, e.needs() == Need.PUBLIC, failures);
      for (String user : List.of("admin", "reader", "editor", "manager")) {
        Fixture others = e.fresh() ? new Fixture(server, "owner") : shared;
        expect(server, e, user, others, allowed(e.needs(), user, false, GRANTED.get(user)), failures);
      }
      for (String user : GRANTED.keySet()) {
        Fixture mine = e.fresh() ? new Fixture(server, user) : own.get(user);
        expect(server, e, user, mine, allowed(e.needs(), user, true, null), failures);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void matrix_defaultNone() {
    List<String> failures = new ArrayList<>();
    Fixture shared = new Fixture(closed, "alice");
    Fixture own = new Fixture(closed, "outsider");
    for (Endpoint e : ENDPOINTS) {
      expect(closed, e, "outsider", e.fresh() ? new Fixture(closed, "alice") : shared, allowed(e.needs(), "outsider", false, null), failures);
      expect(closed, e, "outsider", e.fresh() ? new Fixture(closed, "outsider") : own, allowed(e.needs(), "outsider", true, null), failures);
    }
    assertThat(failures).isEmpty();
  }

  // ---------------------------------------------------------------- grants, hiding and the rules around them

  /** A new experiment created by {@code creator} with one run that has a metric; returns {experimentId, runId}. */
  static String[] fixture(VigilServer s, String creator) {
    Fixture f = new Fixture(s, creator);
    return new String[] {f.exp(), f.run()};
  }

  static void grant(VigilServer s, String by, String kind, String id, String user, String permission) {
    ok(send(s, by, "POST", VIGIL + "/" + kind + "/" + id + "/permissions",
        "{\"username\":\"" + user + "\",\"permission\":\"" + permission + "\"}"));
  }

  @Test
  void grants_needManage_andAnExplicitNoneHidesAnExperiment() {
    String[] f = fixture(server, "owner");
    // reader (READ) may list but not change grants.
    ok(send(server, "reader", "GET", VIGIL + "/experiments/" + f[0] + "/permissions", null));
    assertThat(send(server, "reader", "POST", VIGIL + "/experiments/" + f[0] + "/permissions",
        "{\"username\":\"reader\",\"permission\":\"MANAGE\"}").statusCode()).isEqualTo(403);
    assertThat(send(server, "owner", "POST", VIGIL + "/experiments/" + f[0] + "/permissions",
        "{\"username\":\"nobody\",\"permission\":\"READ\"}").statusCode()).isEqualTo(404);
    assertThat(send(server, "owner", "POST", VIGIL + "/experiments/" + f[0] + "/permissions",
        "{\"username\":\"reader\",\"permission\":\"ALL\"}").statusCode()).isEqualTo(400);
    grant(server, "owner", "experiments", f[0], "reader", "NONE");
    JsonNode list = ok(send(server, "owner", "GET", VIGIL + "/experiments/" + f[0] + "/permissions", null));
    assertThat(list.path("default_permission").asText()).isEqualTo("READ");
    assertThat(list.toString()).contains("{\"username\":\"owner\",\"permission\":\"MANAGE\"}")
        .contains("{\"username\":\"reader\",\"permission\":\"NONE\"}");
    assertThat(send(server, "reader", "GET", MLFLOW + "/runs/get?run_id=" + f[1], null).statusCode()).isEqualTo(403);
    assertThat(runIds(server, "reader", List.of(f[0], "0"), 100)).doesNotContain(f[1]);
    assertThat(experimentIds(server, "reader")).doesNotContain(f[0]);
    assertThat(statsIds(server, "reader", f[0])).isEmpty();
    assertThat(runIds(server, "editor", List.of(f[0]), 100)).containsExactly(f[1]);
    // Removing the grant restores the default.
    assertThat(send(server, "owner", "DELETE", VIGIL + "/experiments/" + f[0] + "/permissions/reader", null)
        .statusCode()).isEqualTo(200);
    assertThat(runIds(server, "reader", List.of(f[0]), 100)).containsExactly(f[1]);
    assertThat(experimentIds(server, "reader")).contains(f[0]);
    assertThat(statsIds(server, "reader", f[0])).containsExactly(f[0]);
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

  static List<String> statsIds(VigilServer s, String user, String... experimentIds) {
    List<String> ids = new ArrayList<>();
    JsonNode stats = ok(send(s, user, "GET", VIGIL + "/experiments/stats?experiment_ids=" + String.join(",", experimentIds), null));
    for (JsonNode e : stats.path("experiments")) ids.add(e.path("experiment_id").asText());
    return ids;
  }

  /** Every model name (or "name/version" with {@code versions}) a search shows {@code user}, page by page. */
  static List<String> registryNames(VigilServer s, String user, boolean versions, int maxResults) {
    List<String> out = new ArrayList<>();
    String token = null;
    do {
      String path = MLFLOW + (versions ? "/model-versions/search" : "/registered-models/search") + "?max_results=" + maxResults
          + (token == null ? "" : "&page_token=" + q(token));
      JsonNode page = ok(send(s, user, "GET", path, null));
      for (JsonNode m : page.path(versions ? "model_versions" : "registered_models")) {
        out.add(m.path("name").asText() + (versions ? "/" + m.path("version").asText() : ""));
      }
      token = page.hasNonNull("next_page_token") ? page.path("next_page_token").asText() : null;
    } while (token != null);
    return out;
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
    assertThat(experimentIds(closed, "outsider")).contains(o[0]).doesNotContain(a[0], "0");
    assertThat(experimentIds(closed, "alice")).contains(a[0]).doesNotContain(o[0], "0");
    assertThat(experimentIds(closed, "admin")).contains(a[0], o[0], "0");
    assertThat(runIds(closed, "admin", List.of(a[0], o[0]), 3)).hasSize(7);
    // The dashboard's counts leave out what the caller cannot read.
    JsonNode stats = ok(send(closed, "outsider", "GET", VIGIL + "/experiments/stats?experiment_ids=" + a[0] + "," + o[0], null));
    assertThat(stats.path("experiments")).hasSize(1);
    assertThat(stats.at("/experiments/0/experiment_id").asText()).isEqualTo(o[0]);
    assertThat(stats.at("/experiments/0/run_count").asLong()).isEqualTo(2);
    assertThat(statsIds(closed, "admin", a[0], o[0])).containsExactly(a[0], o[0]);
  }

  @Test
  void registrySearches_withDefaultNone_neverShowOthersModelsOrVersions_notEvenInPages() {
    List<String> alices = new ArrayList<>();
    for (int i = 0; i < 3; i++) alices.add(new Fixture(closed, "alice").model());
    String mine = new Fixture(closed, "outsider").model();
    assertThat(registryNames(closed, "outsider", false, 1)).contains(mine).doesNotContainAnyElementsOf(alices);
    JsonNode page = ok(send(closed, "outsider", "GET", MLFLOW + "/registered-models/search?max_results=1000", null));
    assertThat(page.has("next_page_token")).isFalse();
    List<String> versions = registryNames(closed, "outsider", true, 1);
    assertThat(versions).contains(mine + "/1", mine + "/2");
    assertThat(versions).noneMatch(v -> alices.stream().anyMatch(a -> v.startsWith(a + "/")));
    // A filter naming alice's model finds nothing, not a 403 that would confirm it exists.
    JsonNode filtered = ok(send(closed, "outsider", "GET", MLFLOW + "/model-versions/search?filter="
        + q("name='" + alices.get(0) + "'"), null));
    assertThat(filtered.path("model_versions")).isEmpty();
    assertThat(registryNames(closed, "admin", false, 2)).containsAll(alices).contains(mine);
    assertThat(registryNames(closed, "alice", true, 1000)).contains(alices.get(0) + "/1").doesNotContain(mine + "/1");
    // A grant makes it appear.
    grant(closed, "alice", "registered-models", alices.get(1), "outsider", "READ");
    assertThat(registryNames(closed, "outsider", false, 1)).contains(alices.get(1)).doesNotContain(alices.get(0));
  }

  @Test
  void modelRename_movesGrants_andDelete_dropsThem() {
    String model = new Fixture(server, "owner").model();
    grant(server, "owner", "registered-models", model, "reader", "NONE");
    assertThat(registryNames(server, "reader", false, 1000)).doesNotContain(model);
    String renamed = "renamed-" + model;
    ok(send(server, "owner", "POST", MLFLOW + "/registered-models/rename", "{\"name\":\"" + model + "\",\"new_name\":\"" + renamed + "\"}"));
    JsonNode grants = ok(send(server, "owner", "GET", VIGIL + "/registered-models/" + renamed + "/permissions", null));
    assertThat(grants.toString()).contains("{\"username\":\"reader\",\"permission\":\"NONE\"}")
        .contains("{\"username\":\"editor\",\"permission\":\"EDIT\"}");
    assertThat(send(server, "reader", "GET", MLFLOW + "/registered-models/get?name=" + renamed, null).statusCode()).isEqualTo(403);
    assertThat(registryNames(server, "reader", false, 1000)).doesNotContain(renamed, model);
    ok(send(server, "editor", "POST", MLFLOW + "/registered-models/set-tag", "{\"name\":\"" + renamed + "\",\"key\":\"a\",\"value\":\"b\"}"));
    // Deleted: a later model of the same name starts with only its creator's grant.
    ok(send(server, "owner", "DELETE", MLFLOW + "/registered-models/delete", "{\"name\":\"" + renamed + "\"}"));
    ok(send(server, "reader", "POST", MLFLOW + "/registered-models/create", "{\"name\":\"" + renamed + "\"}"));
    JsonNode fresh = ok(send(server, "reader", "GET", VIGIL + "/registered-models/" + renamed + "/permissions", null));
    assertThat(fresh.path("permissions").toString()).isEqualTo("[{\"username\":\"reader\",\"permission\":\"MANAGE\"}]");
    assertThat(send(server, "owner", "DELETE", MLFLOW + "/registered-models/delete", "{\"name\":\"" + renamed + "\"}")
        .statusCode()).isEqualTo(403);
  }

  @Test
  void experimentDelete_keepsGrants_forRestore() {
    String[] f = fixture(server, "owner");
    grant(server, "owner", "experiments", f[0], "reader", "NONE");
    ok(send(server, "owner", "POST", MLFLOW + "/experiments/delete", "{\"experiment_id\":\"" + f[0] + "\"}"));
    ok(send(server, "owner", "POST", MLFLOW + "/experiments/restore", "{\"experiment_id\":\"" + f[0] + "\"}"));
    assertThat(send(server, "reader", "GET", MLFLOW + "/runs/get?run_id=" + f[1], null).statusCode()).isEqualTo(403);
    assertThat(send(server, "editor", "POST", MLFLOW + "/runs/create", "{\"experiment_id\":\"" + f[0] + "\"}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void monitors_followTheirModel_andOrphanMonitorsAreAdminsToChange() {
    Fixture f = new Fixture(server, "owner");
    String model = f.monitor();
    grant(server, "owner", "registered-models", model, "reader", "NONE");
    assertThat(monitorNames(server, "reader")).doesNotContain(model);
    assertThat(monitorNames(server, "editor")).contains(model);
    // A monitor without a registered model: read with the default permission, changed only by admins.
    String orphan = "orphan-" + SEQ.incrementAndGet();
    assertThat(sendRaw(server, "owner", "PUT", VIGIL + "/monitors/" + orphan, MONITOR, "application/json").statusCode()).isEqualTo(403);
    assertThat(sendRaw(server, "admin", "PUT", VIGIL + "/monitors/" + orphan, MONITOR, "application/json").statusCode()).isEqualTo(201);
    ok(send(server, "reader", "GET", VIGIL + "/monitors/" + orphan, null));
    assertThat(monitorNames(server, "reader")).contains(orphan);
    assertThat(send(server, "reader", "POST", VIGIL + "/monitors/" + orphan + "/outcomes", "[]").statusCode()).isEqualTo(403);
    assertThat(send(server, "reader", "DELETE", VIGIL + "/monitors/" + orphan, null).statusCode()).isEqualTo(403);
    // Registering the model hands the monitor to its creator.
    ok(send(server, "editor", "POST", MLFLOW + "/registered-models/create", "{\"name\":\"" + orphan + "\"}"));
    ok(send(server, "editor", "DELETE", VIGIL + "/monitors/" + orphan, null));
    // With default NONE, another's orphan monitor is invisible too.
    String hidden = "orphan-" + SEQ.incrementAndGet();
    assertThat(sendRaw(closed, "admin", "PUT", VIGIL + "/monitors/" + hidden, MONITOR, "application/json").statusCode()).isEqualTo(201);
    assertThat(send(closed, "outsider", "GET", VIGIL + "/monitors/" + hidden, null).statusCode()).isEqualTo(403);
    assertThat(monitorNames(closed, "outsider")).doesNotContain(hidden);
  }

  static List<String> monitorNames(VigilServer s, String user) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : ok(send(s, user, "GET", VIGIL + "/monitors", null)).path("monitors")) out.add(m.path("model").asText());
    return out;
  }

  @Test
  void artifactProxy_pathsOutsideAnExperiment_areForAdminsOnly() {
    String up = "/api/2.0/mlflow-artifacts/artifacts/elsewhere/x.txt";
    assertThat(sendRaw(server, "manager", "PUT", up, "x", "text/plain").statusCode()).isEqualTo(403);
    assertThat(sendRaw(server, "admin", "PUT", up, "x", "text/plain").statusCode()).isEqualTo(200);
    assertThat(send(server, "reader", "GET", up, null).statusCode()).isEqualTo(403);
    assertThat(send(server, "reader", "GET", "/api/2.0/mlflow-artifacts/artifacts", null).statusCode()).isEqualTo(403);
    assertThat(send(server, "reader", "GET", "/api/2.0/mlflow-artifacts/artifacts/999999/r/artifacts/x", null).statusCode())
        .isEqualTo(403);
    ok(send(server, "admin", "GET", "/api/2.0/mlflow-artifacts/artifacts?path=elsewhere", null));
    // With default NONE, alice's files are out of the outsider's reach, and theirs are not.
    Fixture a = new Fixture(closed, "alice");
    assertThat(send(closed, "outsider", "GET", "/api/2.0/mlflow-artifacts/artifacts/" + a.artifact(), null).statusCode()).isEqualTo(403);
    assertThat(send(closed, "alice", "GET", "/api/2.0/mlflow-artifacts/artifacts/" + a.artifact(), null).body()).isEqualTo("x");
  }

  @Test
  void mlflowShapedGrantEndpoints_createGetUpdateDelete() {
    Fixture f = new Fixture(server, "owner");
    String base = MLFLOW + "/registered-models/permissions";
    String who = "{\"name\":\"" + f.model() + "\",\"username\":\"reader\"";
    JsonNode created = ok(send(server, "owner", "POST", base + "/create", who + ",\"permission\":\"NO_PERMISSIONS\"}"));
    assertThat(created.path("registered_model_permission").toString())
        .isEqualTo("{\"name\":\"" + f.model() + "\",\"username\":\"reader\",\"permission\":\"NO_PERMISSIONS\"}");
    assertThat(send(server, "reader", "GET", MLFLOW + "/registered-models/get?name=" + f.model(), null).statusCode()).isEqualTo(403);
    assertThat(send(server, "owner", "POST", base + "/create", who + ",\"permission\":\"READ\"}").statusCode()).isNotEqualTo(200);
    ok(send(server, "owner", "PATCH", base + "/update", who + ",\"permission\":\"EDIT\"}"));
    assertThat(ok(send(server, "owner", "GET", base + "/get?name=" + f.model() + "&username=reader", null))
        .at("/registered_model_permission/permission").asText()).isEqualTo("EDIT");
    ok(send(server, "reader", "POST", MLFLOW + "/registered-models/set-tag", who.replace("\"username\":\"reader\"", "\"key\":\"k\",\"value\":\"v\"") + "}"));
    ok(send(server, "owner", "DELETE", base + "/delete", who + "}"));
    assertThat(send(server, "owner", "GET", base + "/get?name=" + f.model() + "&username=reader", null).statusCode()).isEqualTo(404);
    assertThat(send(server, "owner", "PATCH", base + "/update", who + ",\"permission\":\"READ\"}").statusCode()).isEqualTo(404);
    // Experiments, likewise; bad input is a 400.
    String exp = MLFLOW + "/experiments/permissions";
    ok(send(server, "owner", "POST", exp + "/create", "{\"experiment_id\":\"" + f.exp() + "\",\"username\":\"reader\",\"permission\":\"EDIT\"}"));
    ok(send(server, "reader", "POST", MLFLOW + "/runs/create", "{\"experiment_id\":\"" + f.exp() + "\"}"));
    assertThat(send(server, "owner", "POST", exp + "/create", "{\"experiment_id\":\"" + f.exp()
        + "\",\"username\":\"editor\",\"permission\":\"ALL\"}").statusCode()).isEqualTo(400);
  }

  @Test
  void explicitArtifactLocations_areForAdminsOnly() {
    // Else a user could point an experiment at a server folder, or at another experiment's artifacts, and list them.
    String body = "{\"name\":\"loc-" + SEQ.incrementAndGet() + "\",\"artifact_location\":\"" + dir.toAbsolutePath() + "\"}";
    HttpResponse<String> denied = send(server, "manager", "POST", MLFLOW + "/experiments/create", body);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("Only an admin may set an experiment's artifact_location.");
    ok(send(server, "admin", "POST", MLFLOW + "/experiments/create", body));
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
    assertThat(Set.of(403, 404)).contains(
        send(closed, "outsider", "GET", MLFLOW + "/registered-models/get?name=nope", null).statusCode());
  }
}
