package io.vigil.server.http.artifacts;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MLflow's artifact proxy on the local artifact root, run artifact listing, and path confinement. */
class ArtifactRoutesTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";

  @TempDir static Path dir;
  static Path root;
  static VigilServer server;
  static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    root = dir.resolve("artifacts");
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("a.db").toAbsolutePath(),
        root.toString())).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> send(String method, String path, String body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
      if (body != null && method.equals("POST")) b.header("Content-Type", "application/json");
      b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return M.readTree(r.body());
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static List<String> paths(JsonNode files) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : files) out.add(f.path("path").asText() + (f.path("is_dir").asBoolean() ? "/" : ":" + f.path("file_size").asLong()));
    return out;
  }

  @Test
  void uploadDownloadListDelete_roundTrip() throws Exception {
    assertThat(json(send("PUT", PROXY + "/rt/model/MLmodel", "flavors: {}\n")).size()).isZero();
    json(send("PUT", PROXY + "/rt/model/data/weights.bin", "0123456789"));
    json(send("PUT", PROXY + "/rt/model/MLmodel", "flavors: {x}\n")); // replaces
    HttpResponse<String> got = send("GET", PROXY + "/rt/model/MLmodel", null);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo("flavors: {x}\n");
    assertThat(got.headers().firstValue("Content-Length")).hasValue("13");
    assertThat(paths(json(send("GET", PROXY + "?path=" + q("rt/model"), null)).path("files")))
        .containsExactly("MLmodel:13", "data/");
    assertThat(json(send("GET", PROXY + "?path=nothing-here", null)).has("files")).isFalse();
    assertThat(send("GET", PROXY + "/rt/missing.txt", null).statusCode()).isEqualTo(404);
    json(send("DELETE", PROXY + "/rt/model/data", null));
    assertThat(Files.exists(root.resolve("rt/model/data"))).isFalse();
    assertThat(send("DELETE", PROXY + "/rt/model/data", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/ajax-api/2.0/mlflow-artifacts/artifacts/rt/model/MLmodel", null).statusCode()).isEqualTo(200);
  }

  @Test
  void runsOfDefaultExperiments_useMlflowArtifactsUris_andListThroughTheProxyRoot() throws Exception {
    String exp = json(send("POST", "/api/2.0/mlflow/experiments/create", "{\"name\":\"art\"}")).path("experiment_id").asText();
    assertThat(json(send("GET", "/api/2.0/mlflow/experiments/get?experiment_id=" + exp, null))
        .at("/experiment/artifact_location").asText()).isEqualTo("mlflow-artifacts:/" + exp);
    JsonNode info = json(send("POST", "/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + exp + "\"}")).at("/run/info");
    String runId = info.path("run_id").asText();
    String uri = info.path("artifact_uri").asText();
    assertThat(uri).isEqualTo("mlflow-artifacts:/" + exp + "/" + runId + "/artifacts");
    String rel = uri.substring("mlflow-artifacts:/".length());
    json(send("PUT", PROXY + "/" + rel + "/model/MLmodel", "m"));
    json(send("PUT", PROXY + "/" + rel + "/metrics.json", "{}"));
    JsonNode top = json(send("GET", "/api/2.0/mlflow/artifacts/list?run_id=" + runId, null));
    assertThat(top.path("root_uri").asText()).isEqualTo(uri);
    assertThat(paths(top.path("files"))).containsExactly("metrics.json:2", "model/");
    assertThat(paths(json(send("GET", "/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=model", null)).path("files")))
        .containsExactly("model/MLmodel:1");
    assertThat(send("GET", "/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=" + q("../../.."), null).statusCode())
        .isEqualTo(400);
    assertThat(send("GET", "/api/2.0/mlflow/artifacts/list?run_id=nope", null).statusCode()).isEqualTo(404);
  }

  @Test
  void experimentsWithAnExplicitLocalLocation_keepFilePaths() throws Exception {
    Path own = dir.resolve("own");
    String exp = json(send("POST", "/api/2.0/mlflow/experiments/create", "{\"name\":\"own\",\"artifact_location\":\""
        + own + "\"}")).path("experiment_id").asText();
    JsonNode info = json(send("POST", "/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + exp + "\"}")).at("/run/info");
    String runId = info.path("run_id").asText();
    assertThat(info.path("artifact_uri").asText()).isEqualTo(own + "/" + runId + "/artifacts");
    Files.createDirectories(own.resolve(runId + "/artifacts"));
    Files.writeString(own.resolve(runId + "/artifacts/a.txt"), "abc");
    assertThat(paths(json(send("GET", "/api/2.0/mlflow/artifacts/list?run_id=" + runId, null)).path("files")))
        .containsExactly("a.txt:3");
  }

  @Test
  void traversalAbsoluteAndSymlinkPaths_areRejectedWith400() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "TOP-SECRET-CONTENT");
    Files.createDirectories(root);
    Files.createSymbolicLink(root.resolve("link"), outside);
    for (String bad : List.of("/%2e%2e/outside/secret.txt", "/a/%2E%2E/%2E%2E/outside/secret.txt", "/..%2F..%2Foutside%2Fsecret.txt",
        "/link/secret.txt", "/%2Fetc%2Fpasswd")) {
      HttpResponse<String> r = send("GET", PROXY + bad, null);
      assertThat(r.statusCode()).as(bad + " " + r.body()).isEqualTo(400);
      assertThat(r.body()).doesNotContain("TOP-SECRET-CONTENT");
      assertThat(send("PUT", PROXY + bad, "x").statusCode()).as("PUT " + bad).isEqualTo(400);
      assertThat(send("DELETE", PROXY + bad, null).statusCode()).as("DELETE " + bad).isEqualTo(400);
    }
    for (String bad : List.of("..", "../outside", "/etc", "link", "link/x", "a/../../x")) {
      assertThat(send("GET", PROXY + "?path=" + q(bad), null).statusCode()).as("list " + bad).isEqualTo(400);
    }
    assertThat(send("PUT", PROXY + "/link/new.txt", "x").statusCode()).isEqualTo(400);
    assertThat(Files.exists(outside.resolve("new.txt"))).isFalse();
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("TOP-SECRET-CONTENT");
    assertThat(Files.exists(outside)).isTrue();
  }

  @Test
  void a200MbFile_goesUpAndDown_inAJvmWith64MbOfHeap() throws Exception {
    Path work = Files.createDirectories(dir.resolve("big"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        ArtifactStreamingMain.class.getName(), work.toString(), Long.toString(200L * 1024 * 1024))
        .redirectErrorStream(true).start();
    String output;
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) p.destroyForcibly();
    assertThat(done).as(output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("OK " + 200L * 1024 * 1024 + " bytes");
  }
}
