package io.vigil.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.ModelVersionsPage;

/**
 * The registry through the official MLflow Java client (2.17.2), which reads models and versions:
 * registered models and versions are created over plain HTTP as the Python client would.
 */
class MlflowRegistryClientTest {
  @TempDir static Path dir;
  static VigilServer server;
  static MlflowClient client;
  static String runId;

  @BeforeAll
  static void start() throws Exception {
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("m.db").toAbsolutePath(),
        dir.resolve("artifacts").toString())).start();
    client = new MlflowClient(server.url());
    String exp = client.createExperiment("registry");
    runId = client.createRun(exp).getRunId();
    post("registered-models/create", "{\"name\":\"churn\",\"description\":\"d\"}");
    post("model-versions/create", "{\"name\":\"churn\",\"source\":\"s3://m/1\",\"run_id\":\"" + runId + "\"}");
    post("model-versions/create", "{\"name\":\"churn\",\"source\":\"s3://m/2\",\"run_id\":\"" + runId + "\"}");
    post("model-versions/transition-stage", "{\"name\":\"churn\",\"version\":\"1\",\"stage\":\"Production\"}");
    post("registered-models/alias", "{\"name\":\"churn\",\"alias\":\"champion\",\"version\":\"1\"}");
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  static void post(String endpoint, String json) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow/" + endpoint))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void getRegisteredModel_parsesAliasesAndLatestVersions() {
    RegisteredModel m = client.getRegisteredModel("churn");
    assertThat(m.getName()).isEqualTo("churn");
    assertThat(m.getDescription()).isEqualTo("d");
    assertThat(m.getAliasesList()).extracting(a -> a.getAlias() + "=" + a.getVersion()).containsExactly("champion=1");
    assertThat(m.getLatestVersionsList()).extracting(ModelVersion::getCurrentStage).containsExactly("None", "Production");
  }

  @Test
  void getModelVersion_andDownloadUri() {
    ModelVersion v = client.getModelVersion("churn", "1");
    assertThat(v.getVersion()).isEqualTo("1");
    assertThat(v.getRunId()).isEqualTo(runId);
    assertThat(v.getSource()).isEqualTo("s3://m/1");
    assertThat(v.getAliasesList()).containsExactly("champion");
    assertThat(v.getStatus().name()).isEqualTo("READY");
    assertThat(client.getModelVersionDownloadUri("churn", "2")).isEqualTo("s3://m/2");
  }

  @Test
  void getLatestVersions_perStage() {
    assertThat(client.getLatestVersions("churn")).extracting(ModelVersion::getVersion).containsExactly("2", "1");
    assertThat(client.getLatestVersions("churn", List.of("Production"))).extracting(ModelVersion::getVersion).containsExactly("1");
  }

  @Test
  void searchModelVersions_byName() {
    ModelVersionsPage page = client.searchModelVersions("name='churn'");
    assertThat(page.getItems()).extracting(ModelVersion::getVersion).containsExactly("2", "1");
    assertThat(client.searchModelVersions("run_id='" + runId + "'", 1, List.of("version_number ASC")).getItems())
        .extracting(ModelVersion::getVersion).containsExactly("1");
  }

  @Test
  void unknownModel_isAnHttpException404() {
    MlflowHttpException e = catchThrowableOfType(MlflowHttpException.class, () -> client.getRegisteredModel("nope"));
    assertThat(e.getStatusCode()).isEqualTo(404);
  }
}
