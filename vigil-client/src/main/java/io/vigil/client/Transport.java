package io.vigil.client;

import java.io.IOException;
import java.time.Duration;

/**
 * How the client exchanges one HTTP request with the tracking server. The default is
 * {@link #http(ClientConfig)}, a keep-alive {@link java.net.http.HttpClient}; supply another in
 * {@link ClientConfig.Builder#transport(Transport)} to wrap it (tests, benchmarks, proxies).
 * Retries are not the transport's job: the client retries around it.
 */
public interface Transport {

  /**
   * Sends one request.
   *
   * @param method {@code GET} or {@code POST}
   * @param pathAndQuery e.g. {@code /api/2.0/mlflow/runs/get?run_id=…}, relative to the tracking URI
   * @param jsonBody the body for POST, null for GET
   * @param timeout the whole-request timeout
   * @return the response, whatever its status
   * @throws IOException when no response arrived (refused, reset, timed out)
   * @throws InterruptedException when the calling thread was interrupted
   */
  Response exchange(String method, String pathAndQuery, byte[] jsonBody, Duration timeout)
      throws IOException, InterruptedException;

  /**
   * One HTTP response.
   *
   * @param status the status code
   * @param retryAfter the Retry-After header, or null
   * @param body the body bytes (empty, never null)
   */
  record Response(int status, String retryAfter, byte[] body) {}

  /** The default transport: HTTP/1.1 with kept-alive connections to the config's tracking URI. */
  static Transport http(ClientConfig config) {
    return new JdkHttpTransport(config.trackingUri(), config.connectTimeout(), config.authorizationHeader());
  }
}
