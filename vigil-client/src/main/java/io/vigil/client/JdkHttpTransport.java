package io.vigil.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link Transport} on java.net.http: HTTP/1.1, connections kept alive and reused. */
final class JdkHttpTransport implements Transport {
  private final String base;
  private final HttpClient http;
  /** The Authorization header value, or null. */
  private final String authorization;

  JdkHttpTransport(URI trackingUri, Duration connectTimeout) {
    this(trackingUri, connectTimeout, null);
  }

  JdkHttpTransport(URI trackingUri, Duration connectTimeout, String authorization) {
    this.authorization = authorization;
    String s = trackingUri.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  @Override
  public Response exchange(String method, String pathAndQuery, byte[] jsonBody, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("User-Agent", "vigil-java-client/0.1");
    if (authorization != null) b.header("Authorization", authorization);
    if (jsonBody == null) {
      b.GET();
    } else {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(jsonBody));
    }
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Response(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), r.body() == null ? new byte[0] : r.body());
  }
}
