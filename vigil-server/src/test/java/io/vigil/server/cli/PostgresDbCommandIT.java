package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.store.PostgresTestDatabase;
import org.junit.jupiter.api.Test;

/** {@code vigil db migrate|info} against PostgreSQL: versions, counts, and the password never printed. */
class PostgresDbCommandIT {
  @Test
  void migrateThenInfo_onPostgres() throws Exception {
    PostgresTestDatabase pg = PostgresTestDatabase.require();
    String uri = pg.createDatabase("vigil_cli");
    try {
      String password = io.vigil.server.ServerConfig.PostgresTarget.parse(uri).password();
      int[] scripts = DbCommandTest.migrationVersions("postgresql");
      int count = scripts.length;
      int latest = scripts[count - 1];
      DbCommandTest.Result before = DbCommandTest.vigil("db", "info", "--backend-store-uri", uri);
      assertThat(before.code()).as(before.output()).isZero();
      assertThat(before.output()).contains("schema version: none").contains("pending:        " + count);

      DbCommandTest.Result migrate = DbCommandTest.vigil("db", "migrate", "--backend-store-uri", uri);
      assertThat(migrate.output()).contains("applied " + count + " migration(s); schema version " + latest);

      DbCommandTest.Result info = DbCommandTest.vigil("db", "info", "--backend-store-uri", uri);
      assertThat(info.output()).contains("schema version: " + latest).contains("experiments:    0").contains("metric points:  0");
      if (password != null && password.length() > 2) {
        assertThat(before.output() + migrate.output() + info.output()).doesNotContain(":" + password + "@");
      }
    } finally {
      pg.dropDatabase(uri);
    }
  }
}
