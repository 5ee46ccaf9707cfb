package io.vigil.server.http.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MLflow registry REST endpoints and Vigil's alias history and rollback, over HTTP. */
class RegistryRoutesTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final String API = "/api/2.0/mlflow/";

  @TempDir static Path dir;
  static VigilServer server;
  static HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("r.db").toAbsolutePath(),
        dir.resolve("artifacts").toString())).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Answer(int status, JsonNode body) {
    String code() {
      return body.path("error_code").asText();
    }
  }

  static Answer call(String method, String path, String json, String... headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
      if (json != null) b.header("Content-Type", "application/json");
      for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
      b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body().isEmpty() ? M.createObjectNode() : M.readTree(r.body()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Answer post(String endpoint, String json, String... headers) {
    return call("POST", API + endpoint, json, headers);
  }

  static Answer get(String endpoint) {
    return call("GET", API + endpoint, null);
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String runId() {
    String exp = post("experiments/create", "{\"name\":\"e-" + System.nanoTime() + "\"}").body().path("experiment_id").asText();
    return post("runs/create", "{\"experiment_id\":\"" + exp + "\"}").body().path("run").path("info").path("run_id").asText();
  }

  @Test
  void createRegisteredModel_twice_isResourceAlreadyExists400() {
    Answer a = post("registered-models/create", "{\"name\":\"dup\",\"tags\":[{\"key\":\"k\",\"value\":\"v\"}],\"description\":\"d\"}");
    assertThat(a.status()).isEqualTo(200);
    JsonNode m = a.body().path("registered_model");
    assertThat(m.path("name").asText()).isEqualTo("dup");
    assertThat(m.path("creation_timestamp").isNumber()).isTrue();
    assertThat(m.path("tags").get(0).path("key").asText()).isEqualTo("k");
    Answer again = post("registered-models/create", "{\"name\":\"dup\"}");
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.code()).isEqualTo("RESOURCE_ALREADY_EXISTS");
    assertThat(post("registered-models/create", "{}").code()).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void getUnknownModel_is404_andAjaxPrefixWorks() {
    Answer a = get("registered-models/get?name=nothing");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.code()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    post("registered-models/create", "{\"name\":\"ajax\"}");
    assertThat(call("GET", "/ajax-api/2.0/mlflow/registered-models/get?name=ajax", null).status()).isEqualTo(200);
  }

  @Test
  void renameUpdateDelete_patchAndDeleteTakeJsonBodies() {
    post("registered-models/create", "{\"name\":\"r1\"}");
    Answer renamed = post("registered-models/rename", "{\"name\":\"r1\",\"new_name\":\"r2\"}");
    assertThat(renamed.body().path("registered_model").path("name").asText()).isEqualTo("r2");
    Answer updated = call("PATCH", API + "registered-models/update", "{\"name\":\"r2\",\"description\":\"new\"}");
    assertThat(updated.body().path("registered_model").path("description").asText()).isEqualTo("new");
    assertThat(call("DELETE", API + "registered-models/delete", "{\"name\":\"r2\"}").status()).isEqualTo(200);
    assertThat(get("registered-models/get?name=r2").status()).isEqualTo(404);
    post("registered-models/create", "{\"name\":\"r3\"}");
    assertThat(call("DELETE", API + "registered-models/delete?name=r3", null).status()).isEqualTo(200);
  }

  @Test
  void searchRegisteredModels_filterOrderAndPages() {
    for (String n : List.of("s-a", "s-b", "s-c")) post("registered-models/create", "{\"name\":\"" + n + "\"}");
    post("registered-models/set-tag", "{\"name\":\"s-b\",\"key\":\"stage\",\"value\":\"x\"}");
    Answer a = get("registered-models/search?filter=" + q("name LIKE 's-%'") + "&order_by=" + q("name DESC") + "&max_results=2");
    assertThat(names(a.body().path("registered_models"))).containsExactly("s-c", "s-b");
    String token = a.body().path("next_page_token").asText();
    Answer b = get("registered-models/search?filter=" + q("name LIKE 's-%'") + "&order_by=" + q("name DESC")
        + "&max_results=2&page_token=" + q(token));
    assertThat(names(b.body().path("registered_models"))).containsExactly("s-a");
    assertThat(b.body().has("next_page_token")).isFalse();
    assertThat(names(get("registered-models/search?filter=" + q("tags.stage = 'x'")).body().path("registered_models")))
        .containsExactly("s-b");
    Answer bad = get("registered-models/search?filter=" + q("name >> 'x'"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(get("registered-models/search?filter=" + q("name = 'none'")).body().has("registered_models")).isFalse();
    call("DELETE", API + "registered-models/delete-tag", "{\"name\":\"s-b\",\"key\":\"stage\"}");
    assertThat(get("registered-models/get?name=s-b").body().path("registered_model").has("tags")).isFalse();
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list) out.add(n.path("name").asText());
    return out;
  }

  @Test
  void modelVersions_createGetUpdateSearchTagStageDelete() {
    String run = runId();
    post("registered-models/create", "{\"name\":\"mv\"}");
    Answer created = post("model-versions/create", "{\"name\":\"mv\",\"source\":\"runs:/" + run + "/model\",\"run_id\":\"" + run
        + "\",\"tags\":[{\"key\":\"t\",\"value\":\"1\"}]}");
    JsonNode v = created.body().path("model_version");
    assertThat(v.path("version").asText()).isEqualTo("1");
    assertThat(v.path("version").isTextual()).isTrue();
    assertThat(v.path("current_stage").asText()).isEqualTo("None");
    assertThat(v.path("status").asText()).isEqualTo("READY");
    assertThat(v.path("run_id").asText()).isEqualTo(run);
    assertThat(post("model-versions/create", "{\"name\":\"mv\",\"source\":\"x\",\"run_id\":\"nope\"}").status()).isEqualTo(404);
    assertThat(post("model-versions/create", "{\"name\":\"nomodel\",\"source\":\"x\"}").code()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    post("model-versions/create", "{\"name\":\"mv\",\"source\":\"s3://x\"}");

    assertThat(get("model-versions/get?name=mv&version=2").body().path("model_version").path("source").asText()).isEqualTo("s3://x");
    assertThat(get("model-versions/get?name=mv&version=9").status()).isEqualTo(404);
    assertThat(get("model-versions/get?name=mv&version=abc").status()).isEqualTo(400);
    assertThat(call("PATCH", API + "model-versions/update", "{\"name\":\"mv\",\"version\":\"2\",\"description\":\"dd\"}")
        .body().path("model_version").path("description").asText()).isEqualTo("dd");
    assertThat(get("model-versions/search?filter=" + q("run_id='" + run + "'")).body().path("model_versions"))
        .extracting(n -> n.path("version").asText()).containsExactly("1");
    assertThat(get("model-versions/search?filter=" + q("name='mv'")).body().path("model_versions"))
        .extracting(n -> n.path("version").asText()).containsExactly("2", "1");
    post("model-versions/set-tag", "{\"name\":\"mv\",\"version\":\"2\",\"key\":\"k\",\"value\":\"v\"}");
    assertThat(get("model-versions/search?filter=" + q("tags.k='v'")).body().path("model_versions")).hasSize(1);
    call("DELETE", API + "model-versions/delete-tag", "{\"name\":\"mv\",\"version\":\"2\",\"key\":\"k\"}");
    assertThat(get("model-versions/search?filter=" + q("tags.k='v'")).body().has("model_versions")).isFalse();

    Answer staged = post("model-versions/transition-stage", "{\"name\":\"mv\",\"version\":\"1\",\"stage\":\"production\","
        + "\"archive_existing_versions\":true}");
    assertThat(staged.body().path("model_version").path("current_stage").asText()).isEqualTo("Production");
    assertThat(post("model-versions/transition-stage", "{\"name\":\"mv\",\"version\":\"1\",\"stage\":\"Bogus\"}").status()).isEqualTo(400);
    assertThat(post("registered-models/get-latest-versions", "{\"name\":\"mv\",\"stages\":[\"Production\"]}").body()
        .path("model_versions")).extracting(n -> n.path("version").asText()).containsExactly("1");
    assertThat(get("registered-models/get?name=mv").body().path("registered_model").path("latest_versions")).hasSize(2);
    assertThat(get("model-versions/get-download-uri?name=mv&version=2").body().path("artifact_uri").asText()).isEqualTo("s3://x");

    assertThat(call("DELETE", API + "model-versions/delete", "{\"name\":\"mv\",\"version\":\"2\"}").status()).isEqualTo(200);
    assertThat(get("model-versions/get?name=mv&version=2").status()).isEqualTo(404);
  }

  @Test
  void aliases_setGetDelete_historyAndRollback() {
    post("registered-models/create", "{\"name\":\"al\"}");
    for (int i = 0; i < 3; i++) post("model-versions/create", "{\"name\":\"al\",\"source\":\"s" + i + "\"}");
    assertThat(post("registered-models/alias", "{\"name\":\"al\",\"alias\":\"champion\",\"version\":\"1\"}", "X-Vigil-User", "ana")
        .status()).isEqualTo(200);
    post("registered-models/alias", "{\"name\":\"al\",\"alias\":\"champion\",\"version\":\"2\",\"reason\":\"better\"}", "X-Vigil-User", "bo");
    post("registered-models/alias", "{\"name\":\"al\",\"alias\":\"champion\",\"version\":\"3\"}");
    assertThat(get("registered-models/alias?name=al&alias=champion").body().path("model_version").path("version").asText())
        .isEqualTo("3");
    assertThat(get("registered-models/alias?name=al&alias=nope").status()).isEqualTo(404);
    assertThat(post("registered-models/alias", "{\"name\":\"al\",\"alias\":\"latest\",\"version\":\"1\"}").status()).isEqualTo(400);
    assertThat(post("registered-models/alias", "{\"name\":\"al\",\"alias\":\"x\",\"version\":\"9\"}").status()).isEqualTo(404);
    JsonNode model = get("registered-models/get?name=al").body().path("registered_model");
    assertThat(model.path("aliases").get(0).path("alias").asText()).isEqualTo("champion");
    assertThat(model.path("aliases").get(0).path("version").asText()).isEqualTo("3");
    assertThat(get("model-versions/get?name=al&version=3").body().path("model_version").path("aliases").get(0).asText())
        .isEqualTo("champion");

    Answer back = call("POST", "/api/vigil/registered-models/al/rollback", "{\"alias\":\"champion\",\"reason\":\"drop\"}",
        "X-Vigil-User", "ops");
    assertThat(back.status()).isEqualTo(200);
    assertThat(back.body().path("model_version").path("version").asText()).isEqualTo("2");
    back = call("POST", "/api/vigil/registered-models/al/rollback", "{\"alias\":\"champion\"}");
    assertThat(back.body().path("model_version").path("version").asText()).isEqualTo("1");
    Answer none = call("POST", "/api/vigil/registered-models/al/rollback", "{\"alias\":\"champion\"}");
    assertThat(none.status()).isEqualTo(400);

    JsonNode moves = call("GET", "/api/vigil/registered-models/al/alias-history?alias=champion", null).body().path("moves");
    assertThat(moves).hasSize(5);
    assertThat(moves.get(0).path("from_version").isNull()).isTrue();
    assertThat(moves.get(0).path("moved_by").asText()).isEqualTo("ana");
    assertThat(moves.get(1).path("reason").asText()).isEqualTo("better");
    assertThat(moves.get(3).path("kind").asText()).isEqualTo("rollback");
    assertThat(moves.get(3).path("moved_by").asText()).isEqualTo("ops");
    assertThat(moves.get(3).path("from_version").asText()).isEqualTo("3");
    assertThat(moves.get(3).path("to_version").asText()).isEqualTo("2");

    assertThat(call("DELETE", API + "registered-models/alias", "{\"name\":\"al\",\"alias\":\"champion\"}").status()).isEqualTo(200);
    assertThat(get("registered-models/alias?name=al&alias=champion").status()).isEqualTo(404);
    assertThat(call("GET", "/api/vigil/registered-models/unknown/alias-history", null).status()).isEqualTo(404);
  }
}
