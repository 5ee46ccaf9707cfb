package io.vigil.server.http.artifacts;

import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Run in a child JVM with a small heap by {@link ArtifactRoutesTest}: uploads and downloads a file
 * far larger than the heap through the artifact proxy and checks the bytes. Exit 0 on success.
 */
public final class ArtifactStreamingMain {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long size = Long.parseLong(args[1]);
    try (VigilServer server = VigilServer.create(new ServerConfig("127.0.0.1", 0,
        "sqlite:///" + dir.resolve("big.db").toAbsolutePath(), dir.resolve("artifacts").toString())).start()) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String url = server.url() + "/api/2.0/mlflow-artifacts/artifacts/big/model.bin";
      MessageDigest sent = MessageDigest.getInstance("SHA-256");
      HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(url))
          .PUT(HttpRequest.BodyPublishers.fromPublisher(
              HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(size, sent)), size)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (put.statusCode() != 200) fail("upload answered " + put.statusCode() + ": " + put.body());
      long onDisk = Files.size(dir.resolve("artifacts/big/model.bin"));
      if (onDisk != size) fail("stored " + onDisk + " bytes, sent " + size);

      HttpResponse<InputStream> get = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (get.statusCode() != 200) fail("download answered " + get.statusCode());
      MessageDigest received = MessageDigest.getInstance("SHA-256");
      long total = 0;
      try (InputStream in = get.body()) {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
          received.update(buf, 0, n);
          total += n;
        }
      }
      if (total != size) fail("downloaded " + total + " bytes of " + size);
      if (!Arrays.equals(sent.digest(), received.digest())) fail("downloaded bytes differ from uploaded ones");
      System.out.println("OK " + size + " bytes, max heap " + Runtime.getRuntime().maxMemory());
    }
    System.exit(0);
  }

  private static void fail(String why) {
    System.out.println("FAIL " + why);
    System.exit(1);
  }

  /** {@code size} deterministic pseudo-random bytes, generated on the fly and digested as they are read. */
  static final class PatternStream extends InputStream {
    private final long size;
    private final MessageDigest digest;
    private long pos;
    private long state = 0x9E3779B97F4A7C15L;

    PatternStream(long size, MessageDigest digest) {
      this.size = size;
      this.digest = digest;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) return -1;
      int n = (int) Math.min(len, size - pos);
      for (int i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        b[off + i] = (byte) state;
      }
      digest.update(b, off, n);
      pos += n;
      return n;
    }
  }
}
