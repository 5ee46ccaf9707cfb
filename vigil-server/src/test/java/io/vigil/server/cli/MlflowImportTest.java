package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;

/**
 * {@code vigil import mlflow} on a database with MLflow's schema (src/test/resources/mlflow), read
 * back through the official MLflow Java client against a Vigil server on the imported store.
 */
class MlflowImportTest {
  static final String RUN_A = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  static final String RUN_B = "0f9e8d7c6b5a49382716051f2e3d4c5b";

  /** An MLflow database: experiments 0 and 7 (ids kept), two runs, params, tags, metrics with NaN and duplicates. */
  static void writeMlflowDatabase(Connection c) throws Exception {
    String ddl = new String(MlflowImportTest.class.getResourceAsStream("/mlflow/mlflow-2-schema.sql").readAllBytes(),
        StandardCharsets.UTF_8);
    try (Statement st = c.createStatement()) {
      for (String sql : ddl.replaceAll("(?m)^--.*$", "").split(";\\s*\\n")) if (!sql.isBlank()) st.execute(sql);
      st.execute("INSERT INTO alembic_version VALUES ('4465047574b1')");
      st.execute("INSERT INTO experiments VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', 1700000000000, 1700000000000)");
      st.execute("INSERT INTO experiments VALUES (7, 'churn', 'mlflow-artifacts:/7', 'active', 1700000001000, 1700000002000)");
      st.execute("INSERT INTO experiment_tags VALUES ('mlflow.note.content', 'Churn models', 7)");
      st.execute("INSERT INTO runs VALUES ('" + RUN_A + "', 'brave-owl-1', 'UNKNOWN', '', '', 'ana', 'FINISHED',"
          + " 1700000010000, 1700000020000, '', 'active', 'mlflow-artifacts:/7/" + RUN_A + "/artifacts', 7, NULL)");
      st.execute("INSERT INTO runs VALUES ('" + RUN_B + "', 'calm-fox-2', 'UNKNOWN', '', '', 'ben', 'RUNNING',"
          + " 1700000030000, NULL, '', 'active', 'mlflow-artifacts:/7/" + RUN_B + "/artifacts', 7, NULL)");
      st.execute("INSERT INTO params VALUES ('lr', '0.01', '" + RUN_A + "'), ('model', 'xgboost', '" + RUN_A + "'),"
          + " ('lr', '0.1', '" + RUN_B + "')");
      st.execute("INSERT INTO tags VALUES ('mlflow.runName', 'brave-owl-1', '" + RUN_A + "'),"
          + " ('mlflow.user', 'ana', '" + RUN_A + "'), ('mlflow.runName', 'calm-fox-2', '" + RUN_B + "')");
      StringBuilder metrics = new StringBuilder("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ");
      for (int step = 0; step < 1200; step++) { // several chunks
        metrics.append(step == 0 ? "" : ", ").append("('loss', ").append(1.0 / (step + 1)).append(", ")
            .append(1700000010000L + step).append(", '").append(RUN_A).append("', ").append(step).append(", 0)");
      }
      st.execute(metrics.toString());
      // Same step logged twice at different times; a NaN; MLflow's latest is the greatest (step, time, value).
      st.execute("INSERT INTO metrics VALUES ('auc', 0.7, 1700000011000, '" + RUN_A + "', 1, 0),"
          + " ('auc', 0.8, 1700000012000, '" + RUN_A + "', 1, 0), ('auc', 0, 1700000013000, '" + RUN_A + "', 2, 1),"
          + " ('auc', 0.5, 1700000031000, '" + RUN_B + "', 0, 0)");
      st.execute("INSERT INTO latest_metrics VALUES ('loss', " + 1.0 / 1200 + ", 1700000011199, 1199, 0, '" + RUN_A + "'),"
          + " ('auc', 0, 1700000013000, 2, 1, '" + RUN_A + "'), ('auc', 0.5, 1700000031000, 0, 0, '" + RUN_B + "')");
      st.execute("INSERT INTO registered_models VALUES ('churn-model', 1700000040000, 1700000040000, 'desc')");
      st.execute("INSERT INTO model_versions VALUES ('churn-model', 1, 1700000041000, 1700000041000, '', 'ana', 'None',"
          + " 'mlflow-artifacts:/7/" + RUN_A + "/artifacts/model', '" + RUN_A + "', 'READY', '', '', NULL)");
    }
  }

  @Test
  void importMlflowSqlite_keepsIdsAndReadsBackThroughTheMlflowClient() throws Exception {
    Path dir = Files.createTempDirectory("vigil-import");
    Path mlflowDb = dir.resolve("mlflow.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + mlflowDb)) {
      writeMlflowDatabase(c);
    }
    String vigilUri = "sqlite:///" + dir.resolve("vigil.db");
    DbCommandTest.Result r = DbCommandTest.vigil("import", "mlflow", "--from", "sqlite:///" + mlflowDb, "--to", vigilUri);
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).contains("verified by counts").containsPattern("metric points:\\s+1204")
        .containsPattern("registered models:\\s+1").containsPattern("model versions:\\s+1");

    // Importing again changes nothing and still verifies.
    DbCommandTest.Result again = DbCommandTest.vigil("import", "mlflow", "--from", "sqlite:///" + mlflowDb, "--to", vigilUri);
    assertThat(again.code()).as(again.output()).isZero();

    assertReadsBackThroughMlflowClient(vigilUri, dir);
  }

  static void assertReadsBackThroughMlflowClient(String vigilUri, Path dir) {
    try (VigilServer server = VigilServer.create(
        new ServerConfig("127.0.0.1", 0, vigilUri, dir.resolve("artifacts").toString())).start()) {
      MlflowClient client = new MlflowClient(server.url());
      try {
        Service.Experiment exp = client.getExperiment("7");
        assertThat(exp.getName()).isEqualTo("churn");
        assertThat(exp.getArtifactLocation()).isEqualTo("mlflow-artifacts:/7");
        assertThat(client.getExperiment("0").getName()).isEqualTo("Default");

        Service.Run a = client.getRun(RUN_A);
        assertThat(a.getInfo().getExperimentId()).isEqualTo("7");
        assertThat(a.getInfo().getRunName()).isEqualTo("brave-owl-1");
        assertThat(a.getInfo().getStatus()).isEqualTo(Service.RunStatus.FINISHED);
        assertThat(a.getInfo().getStartTime()).isEqualTo(1700000010000L);
        assertThat(a.getInfo().getEndTime()).isEqualTo(1700000020000L);
        assertThat(a.getInfo().getArtifactUri()).isEqualTo("mlflow-artifacts:/7/" + RUN_A + "/artifacts");
        assertThat(a.getData().getParamsList()).extracting(Service.Param::getKey, Service.Param::getValue)
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("lr", "0.01"),
                org.assertj.core.groups.Tuple.tuple("model", "xgboost"));
        assertThat(a.getData().getTagsList()).extracting(Service.RunTag::getKey).contains("mlflow.runName", "mlflow.user");
        Service.Metric auc = a.getData().getMetricsList().stream().filter(m -> m.getKey().equals("auc")).findFirst().orElseThrow();
        assertThat(auc.getStep()).isEqualTo(2);
        assertThat(auc.getValue()).isNaN();

        org.mlflow.api.proto.ModelRegistry.ModelVersion v = client.getModelVersion("churn-model", "1");
        assertThat(v.getRunId()).isEqualTo(RUN_A);
        assertThat(v.getSource()).isEqualTo("mlflow-artifacts:/7/" + RUN_A + "/artifacts/model");
        assertThat(client.getRegisteredModel("churn-model").getDescription()).isEqualTo("desc");

        List<Service.Metric> loss = client.getMetricHistory(RUN_A, "loss");
        assertThat(loss).hasSize(1200);
        for (int step = 0; step < 1200; step++) {
          assertThat(loss.get(step).getStep()).isEqualTo(step);
          assertThat(loss.get(step).getValue()).isEqualTo(1.0 / (step + 1));
          assertThat(loss.get(step).getTimestamp()).isEqualTo(1700000010000L + step);
        }
        assertThat(client.getMetricHistory(RUN_A, "auc")).extracting(Service.Metric::getValue)
            .containsExactly(0.7, 0.8, Double.NaN);
        assertThat(client.getRun(RUN_B).getInfo().getStatus()).isEqualTo(Service.RunStatus.RUNNING);

        // New experiments get ids after the imported ones.
        assertThat(client.createExperiment("after-import")).isEqualTo("8");
      } finally {
        client.close();
      }
    }
  }
}
