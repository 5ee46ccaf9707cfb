package io.vigil.server.process;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The built vigil.jar run as a separate process, as users run it. */
final class ServerProcess implements AutoCloseable {
  final Process process;
  final int port;
  final Path log;

  private ServerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static Path jar() {
    Path jar = Path.of("target", "vigil.jar").toAbsolutePath();
    if (!Files.exists(jar)) throw new IllegalStateException(jar + " is missing: run through 'mvn verify' (package comes first)");
    return jar;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static ServerProcess start(Path dataDir, String... extraArgs) throws Exception {
    int port = freePort();
    Path log = dataDir.resolve("server-" + port + ".log");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar().toString(),
        "server", "--port", Integer.toString(port),
        "--backend-store-uri", "sqlite:///" + dataDir.resolve("vigil.db").toAbsolutePath(),
        "--default-artifact-root", dataDir.resolve("artifacts").toString()));
    cmd.addAll(List.of(extraArgs));
    Process p = new ProcessBuilder(cmd).directory(dataDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    ServerProcess sp = new ServerProcess(p, port, log);
    sp.awaitHealthy(Duration.ofSeconds(60));
    return sp;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  void awaitHealthy(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("server exited early:\n" + Files.readString(log));
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) return;
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("server not healthy within " + timeout + ":\n" + Files.readString(log));
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  static File nullFile() {
    return new File("/dev/null");
  }
}
