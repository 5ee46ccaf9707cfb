package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.ServerConfig;
import io.vigil.server.ServerLimits;
import io.vigil.server.VigilServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jetty's limits, seen from raw sockets: oversized headers get 431, stalled clients are disconnected. */
class SlowClientTest {
  private static final Duration IDLE = Duration.ofSeconds(1);

  @TempDir static Path dir;
  static VigilServer server;

  @BeforeAll
  static void start() {
    server = VigilServer.create(new ServerConfig("127.0.0.1", 0, "sqlite:///" + dir.resolve("v.db").toAbsolutePath(),
        dir.resolve("artifacts").toString()).withLimits(ServerLimits.defaults().withIdleTimeout(IDLE)),
        java.time.Clock.systemUTC()).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  static Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(15_000);
    return s;
  }

  static String statusLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != -1 && b != '\n'; ) line.write(b);
    return line.toString(StandardCharsets.ISO_8859_1).trim();
  }

  /** Reads until the server closes the connection; returns the milliseconds from {@code start} (nanoTime). */
  static long millisUntilClosed(Socket s, long start) throws IOException {
    InputStream in = s.getInputStream();
    try {
      while (in.read() != -1) {
        // discard whatever the server answers before closing
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept a stalled connection open for 15 s", e);
    } catch (IOException reset) {
      // a reset is a close too
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void oversizedHeaders_get431_andTheServerStillServes() throws Exception {
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      String big = "a".repeat(ServerLimits.DEFAULT_MAX_HEADER_BYTES + 1024);
      out.write(("GET /version HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + big + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertThat(statusLine(s.getInputStream())).startsWith("HTTP/1.1 431");
    }
    // Just under the limit is fine.
    try (Socket s = connect()) {
      String padding = "a".repeat(ServerLimits.DEFAULT_MAX_HEADER_BYTES - 512);
      s.getOutputStream().write(("GET /version HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + padding
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      assertThat(statusLine(s.getInputStream())).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void clientsThatStallMidRequest_areDisconnected_whileOthersAreServed() throws Exception {
    try (Socket headers = connect(); Socket body = connect()) {
      // One stops in the middle of its headers, the other in the middle of its body.
      headers.getOutputStream().write("GET /version HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
      body.getOutputStream().write(("POST /api/2.0/mlflow/experiments/create HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":").getBytes(StandardCharsets.ISO_8859_1));
      long stalledAt = System.nanoTime();
      // Meanwhile other clients are served as usual.
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
      long headersClosedAfter = millisUntilClosed(headers, stalledAt);
      long bodyClosedAfter = millisUntilClosed(body, stalledAt);
      // Closed by the 1 s idle timeout, not before and not by the 30 s default (generous: the machine is shared).
      assertThat(headersClosedAfter).isBetween(IDLE.toMillis() - 100, 8_000L);
      assertThat(bodyClosedAfter).isBetween(IDLE.toMillis() - 100, 8_000L);
    }
    // The stalled half-request created nothing.
    HttpResponse<String> search = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.url() + "/api/2.0/mlflow/experiments/search?max_results=10")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(search.body()).doesNotContain("\"name\":\"\"");
  }
}
