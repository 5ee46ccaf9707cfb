package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DbCommandTest {

  /** Runs the CLI; returns exit code and output (stdout then stderr). */
  static Result vigil(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out + err.toString());
  }

  record Result(int code, String output) {}

  @Test
  void migrateThenInfo_showVersionAndCounts() throws Exception {
    Path dir = Files.createTempDirectory("vigil-db-cli");
    String uri = "sqlite:///" + dir.resolve("v.db");

    int[] scripts = migrationVersions("sqlite");
    int count = scripts.length;
    int latest = scripts[count - 1];
    Result migrate = vigil("db", "migrate", "--backend-store-uri", uri);
    assertThat(migrate.code()).as(migrate.output()).isZero();
    assertThat(migrate.output()).contains("applied " + count + " migration(s); schema version " + latest);

    Result again = vigil("db", "migrate", "--backend-store-uri", uri);
    assertThat(again.output()).contains("applied 0 migration(s); schema version " + latest);

    Result info = vigil("db", "info", "--backend-store-uri", uri);
    assertThat(info.code()).as(info.output()).isZero();
    assertThat(info.output()).contains("schema version: " + latest).contains("pending:        0").contains("runs:").contains("metric points:");
  }

  /** The versions of the migration scripts (V1, V2, … ; numbers may have gaps), ascending. */
  static int[] migrationVersions(String dialect) throws java.io.IOException {
    try (var files = Files.list(Path.of("src/main/resources/db/migration/" + dialect))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
          .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).sorted().toArray();
    }
  }

  @Test
  void info_onMissingSqliteFileSaysHowToCreateIt() throws Exception {
    Path dir = Files.createTempDirectory("vigil-db-cli");
    Result info = vigil("db", "info", "--backend-store-uri", "sqlite:///" + dir.resolve("none.db"));
    assertThat(info.code()).isEqualTo(2);
    assertThat(info.output()).contains("no database at").contains("vigil db migrate");
    assertThat(Files.exists(dir.resolve("none.db"))).isFalse();
  }

  @Test
  void copy_sqliteToSqlite_keepsIdsIsVerifiedAndResumes() throws Exception {
    Path dir = Files.createTempDirectory("vigil-db-copy");
    String from = "sqlite:///" + dir.resolve("from.db");
    String to = "sqlite:///" + dir.resolve("to.db");
    java.util.List<String> runs = StoreCopyFixture.populate(from);

    Result copy = vigil("db", "copy", "--from", from, "--to", to);
    assertThat(copy.code()).as(copy.output()).isZero();
    assertThat(copy.output()).contains("verified").contains("100%").contains("metric points:  9003");

    // An interrupted copy: part of the destination is missing; running again completes it.
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("to.db"));
        var st = c.createStatement()) {
      st.execute("DELETE FROM params WHERE key > 'p5'");
      st.execute("DELETE FROM metric_chunks WHERE chunk_id > 3");
    }
    Result again = vigil("db", "copy", "--from", from, "--to", to);
    assertThat(again.code()).as(again.output()).isZero();
    StoreCopyFixture.assertSameData(from, to, runs);
  }

  @Test
  void copy_intoAStoreHoldingOtherData_failsVerification() throws Exception {
    Path dir = Files.createTempDirectory("vigil-db-copy");
    String from = "sqlite:///" + dir.resolve("from.db");
    String to = "sqlite:///" + dir.resolve("to.db");
    StoreCopyFixture.populate(from);
    try (var s = StoreCopyFixture.open(to)) {
      s.createExperiment("already-here", null, java.util.List.of());
      s.createExperiment("and-this", null, java.util.List.of());
      s.createExperiment("and-more", null, java.util.List.of());
    }
    Result copy = vigil("db", "copy", "--from", from, "--to", to);
    assertThat(copy.code()).isEqualTo(1);
    assertThat(copy.output()).contains("NOT verified").contains("experiments: source 3 rows, destination 4");
  }
}
