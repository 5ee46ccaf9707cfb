package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.store.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code vigil db copy --from sqlite:///… --to postgresql://…}: same data through the store API, ids continue. */
class PostgresDbCopyIT {
  @Test
  void copy_sqliteToPostgres_readsBackIdentically() throws Exception {
    PostgresTestDatabase pg = PostgresTestDatabase.require();
    String to = pg.createDatabase("vigil_copy");
    try {
      Path dir = Files.createTempDirectory("vigil-db-copy");
      String from = "sqlite:///" + dir.resolve("from.db");
      List<String> runs = StoreCopyFixture.populate(from);
      DbCommandTest.Result copy = DbCommandTest.vigil("db", "copy", "--from", from, "--to", to);
      assertThat(copy.code()).as(copy.output()).isZero();
      assertThat(copy.output()).contains("verified");
      StoreCopyFixture.assertSameData(from, to, runs);
    } finally {
      pg.dropDatabase(to);
    }
  }
}
