package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.server.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the {@code vigil} command line in-process with captured output. */
final class Cli {
  private Cli() {}

  record Result(int exit, String out, String err) {
    JsonNode json() {
      try {
        return new ObjectMapper().readTree(out);
      } catch (IOException e) {
        throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
      }
    }

    /** The metric table as name → value text. */
    Map<String, String> table() {
      Map<String, String> m = new LinkedHashMap<>();
      String[] lines = out.split("\n");
      assertThat(lines[0]).startsWith("metric");
      for (int i = 1; i < lines.length; i++) {
        String[] p = lines[i].trim().split("\\s+");
        assertThat(p).hasSize(2);
        m.put(p[0], p[1]);
      }
      return m;
    }

    /** Asserts a user error: exit 2, nothing on stdout, exactly one line on stderr, returned. */
    String userError() {
      assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(2);
      String e = err.strip();
      assertThat(e).as("stderr").startsWith("vigil: ").doesNotContain("\n").doesNotContain("Exception");
      return e;
    }
  }

  static Result run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString().replace("\r\n", "\n"), err.toString().replace("\r\n", "\n"));
  }

  static Path write(Path dir, String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
