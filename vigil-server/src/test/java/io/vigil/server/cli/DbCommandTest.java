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

    Result migrate = vigil("db", "migrate", "--backend-store-uri", uri);
    assertThat(migrate.code()).as(migrate.output()).isZero();
    assertThat(migrate.output()).contains("applied 1 migration(s); schema version 1");

    Result again = vigil("db", "migrate", "--backend-store-uri", uri);
    assertThat(again.output()).contains("applied 0 migration(s); schema version 1");

    Result info = vigil("db", "info", "--backend-store-uri", uri);
    assertThat(info.code()).as(info.output()).isZero();
    assertThat(info.output()).contains("schema version: 1").contains("pending:        0").contains("runs:").contains("metric points:");
  }

  @Test
  void info_onMissingSqliteFileSaysHowToCreateIt() throws Exception {
    Path dir = Files.createTempDirectory("vigil-db-cli");
    Result info = vigil("db", "info", "--backend-store-uri", "sqlite:///" + dir.resolve("none.db"));
    assertThat(info.code()).isEqualTo(2);
    assertThat(info.output()).contains("no database at").contains("vigil db migrate");
    assertThat(Files.exists(dir.resolve("none.db"))).isFalse();
  }
}
