package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.store.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** {@code vigil import mlflow} from an MLflow SQLite database into a Vigil store on PostgreSQL. */
class PostgresMlflowImportIT {
  @Test
  void importMlflowIntoPostgres_readsBackThroughTheMlflowClient() throws Exception {
    PostgresTestDatabase pg = PostgresTestDatabase.require();
    String vigilUri = pg.createDatabase("vigil_import");
    try {
      Path dir = Files.createTempDirectory("vigil-import");
      Path mlflowDb = dir.resolve("mlflow.db");
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + mlflowDb)) {
        MlflowImportTest.writeMlflowDatabase(c);
      }
      DbCommandTest.Result r = DbCommandTest.vigil("import", "mlflow", "--from", "sqlite:///" + mlflowDb, "--to", vigilUri);
      assertThat(r.code()).as(r.output()).isZero();
      assertThat(r.output()).contains("verified by counts");
      MlflowImportTest.assertReadsBackThroughMlflowClient(vigilUri, dir);
    } finally {
      pg.dropDatabase(vigilUri);
    }
  }
}
