package io.vigil.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executable jar as a user runs it: start, one log line with the address, SIGTERM stops it cleanly. */
class LaunchIT {
  @TempDir Path dir;

  @Test
  void server_logsItsAddress_andStopsOnSigterm() throws Exception {
    try (ServerProcess server = ServerProcess.start(dir)) {
      assertThat(server.output()).contains("listening on http://127.0.0.1:" + server.port);
      assertThat(Files.exists(dir.resolve("vigil.db"))).isTrue();
      server.process.destroy(); // SIGTERM
      assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s").isTrue();
      assertThat(server.output()).doesNotContain("Exception");
    }
  }

  @Test
  void badStoreUri_isOneLineAndNonZeroExit() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        ServerProcess.jar().toString(), "server", "--backend-store-uri", "mysql://nope")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(out.strip()).startsWith("vigil: --backend-store-uri").doesNotContain("\tat ");
  }
}
