package io.vigil.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything a {@link VigilClient} can be tuned with; build one with {@link #builder(String)}.
 *
 * @param trackingUri the server, e.g. {@code http://127.0.0.1:5000}
 * @param bufferCapacity how many metric points may wait for the sender (rounded up to a power of two)
 * @param entryBufferCapacity how many params and tags may wait for the sender
 * @param bufferFullPolicy what logging does when a buffer is full
 * @param blockTimeout how long {@link BufferFullPolicy#BLOCK} waits before throwing
 * @param flushInterval the longest a point waits before the sender ships it
 * @param maxBatchMetrics metric points per log-batch request (1..1000, MLflow's limit)
 * @param requestTimeout timeout of one HTTP request
 * @param connectTimeout timeout of opening a connection
 * @param retryPolicy back-off for transient failures
 * @param failureListener called on the sender thread for data that could not be stored; may be null
 * @param shutdownHook whether to flush (and end open runs as KILLED) when the JVM exits
 * @param shutdownTimeout the bound on the shutdown hook's work
 * @param closeTimeout the bound on {@link VigilClient#close()} waiting for buffered data
 * @param transport how requests are sent; null means {@link Transport#http(ClientConfig)}
 * @param username with {@code password}: HTTP Basic credentials, or null
 * @param password the Basic password, or null
 * @param token an API token sent as {@code Authorization: Bearer}, or null (wins over Basic)
 */
public record ClientConfig(
    URI trackingUri,
    int bufferCapacity,
    int entryBufferCapacity,
    BufferFullPolicy bufferFullPolicy,
    Duration blockTimeout,
    Duration flushInterval,
    int maxBatchMetrics,
    Duration requestTimeout,
    Duration connectTimeout,
    RetryPolicy retryPolicy,
    Consumer<LogFailure> failureListener,
    boolean shutdownHook,
    Duration shutdownTimeout,
    Duration closeTimeout,
    Transport transport,
    String username,
    String password,
    String token) {

  /** MLflow's log-batch limits. */
  public static final int MAX_BATCH_METRICS = 1000;
  public static final int MAX_BATCH_PARAMS = 100;
  public static final int MAX_BATCH_TAGS = 100;
  public static final int MAX_BATCH_ENTITIES = 1000;

  /** The default server when no environment variable names one, as {@code ./vigil server} listens. */
  public static final String DEFAULT_TRACKING_URI = "http://127.0.0.1:5000";

  public ClientConfig {
    Objects.requireNonNull(trackingUri, "trackingUri");
    String scheme = trackingUri.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("tracking URI must be http:// or https://, got '" + trackingUri + "'");
    }
    if (bufferCapacity < 2 || bufferCapacity > (1 << 30)) throw new IllegalArgumentException("bufferCapacity must be in 2..2^30");
    if (entryBufferCapacity < 1) throw new IllegalArgumentException("entryBufferCapacity must be positive");
    if (maxBatchMetrics < 1 || maxBatchMetrics > MAX_BATCH_METRICS) {
      throw new IllegalArgumentException("maxBatchMetrics must be in 1.." + MAX_BATCH_METRICS + ", got " + maxBatchMetrics);
    }
    Objects.requireNonNull(bufferFullPolicy, "bufferFullPolicy");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    for (Duration d : new Duration[] {blockTimeout, flushInterval, requestTimeout, connectTimeout, shutdownTimeout, closeTimeout}) {
      if (d == null || d.isNegative()) throw new IllegalArgumentException("durations must be non-negative");
    }
    if (flushInterval.isZero() || requestTimeout.isZero() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("flushInterval, requestTimeout and connectTimeout must be positive");
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("username and password go together: give both or neither");
    }
  }

  /**
   * The {@code Authorization} header value these credentials give ({@code Bearer …} or {@code Basic …}),
   * or null when there are none.
   */
  public String authorizationHeader() {
    if (token != null && !token.isBlank()) return "Bearer " + token.trim();
    if (username != null) {
      return "Basic " + java.util.Base64.getEncoder().encodeToString(
          (username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return null;
  }

  /** Never shows a password or token. */
  @Override
  public String toString() {
    return "ClientConfig[trackingUri=" + trackingUri + ", username=" + username
        + (password == null ? "" : ", password=***") + (token == null ? "" : ", token=***") + "]";
  }

  /** A builder with the defaults, for the given server. */
  public static Builder builder(String trackingUri) {
    return new Builder(URI.create(trackingUri));
  }

  /** A builder for the server named by the environment (see {@link #trackingUriFrom(Map)}). */
  public static Builder fromEnvironment() {
    return builder(trackingUriFrom(System.getenv()));
  }

  /**
   * {@code VIGIL_TRACKING_URI}, else {@code MLFLOW_TRACKING_URI}, else {@link #DEFAULT_TRACKING_URI}.
   */
  public static String trackingUriFrom(Map<String, String> env) {
    for (String name : new String[] {"VIGIL_TRACKING_URI", "MLFLOW_TRACKING_URI"}) {
      String v = env.get(name);
      if (v != null && !v.isBlank()) {
        if (!v.startsWith("http://") && !v.startsWith("https://")) {
          throw new IllegalArgumentException(name + "=" + v + ": the Vigil SDK needs an http:// or https:// tracking server URI");
        }
        return v.trim();
      }
    }
    return DEFAULT_TRACKING_URI;
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(trackingUri);
    b.bufferCapacity = bufferCapacity;
    b.entryBufferCapacity = entryBufferCapacity;
    b.bufferFullPolicy = bufferFullPolicy;
    b.blockTimeout = blockTimeout;
    b.flushInterval = flushInterval;
    b.maxBatchMetrics = maxBatchMetrics;
    b.requestTimeout = requestTimeout;
    b.connectTimeout = connectTimeout;
    b.retryPolicy = retryPolicy;
    b.failureListener = failureListener;
    b.shutdownHook = shutdownHook;
    b.shutdownTimeout = shutdownTimeout;
    b.closeTimeout = closeTimeout;
    b.transport = transport;
    b.username = username;
    b.password = password;
    b.token = token;
    b.environmentCredentials = false;
    return b;
  }

  /** Builds a {@link ClientConfig}; every setter has a sensible default. */
  public static final class Builder {
    private final URI trackingUri;
    private int bufferCapacity = 1 << 16;
    private int entryBufferCapacity = 10_000;
    private BufferFullPolicy bufferFullPolicy = BufferFullPolicy.BLOCK;
    private Duration blockTimeout = Duration.ofSeconds(30);
    private Duration flushInterval = Duration.ofSeconds(1);
    private int maxBatchMetrics = MAX_BATCH_METRICS;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Consumer<LogFailure> failureListener;
    private boolean shutdownHook = true;
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private Duration closeTimeout = Duration.ofMinutes(2);
    private Transport transport;
    private String username;
    private String password;
    private String token;
    private boolean environmentCredentials = true;
    private java.util.Map<String, String> environment = System.getenv();

    private Builder(URI trackingUri) {
      this.trackingUri = trackingUri;
    }

    /** Metric points the buffer holds (default 65536). */
    public Builder bufferCapacity(int points) { this.bufferCapacity = points; return this; }

    /** Params and tags the buffer holds (default 10000). */
    public Builder entryBufferCapacity(int entries) { this.entryBufferCapacity = entries; return this; }

    /** {@link BufferFullPolicy#BLOCK} (default) or {@link BufferFullPolicy#DROP}. */
    public Builder bufferFullPolicy(BufferFullPolicy policy) { this.bufferFullPolicy = policy; return this; }

    /** How long a full buffer blocks the caller before {@link BufferFullException} (default 30 s). */
    public Builder blockTimeout(Duration d) { this.blockTimeout = d; return this; }

    /** The longest a point waits in the buffer (default 1 s). */
    public Builder flushInterval(Duration d) { this.flushInterval = d; return this; }

    /** Metric points per request, at most 1000 (default 1000). */
    public Builder maxBatchMetrics(int n) { this.maxBatchMetrics = n; return this; }

    /** Timeout of one HTTP request (default 30 s). */
    public Builder requestTimeout(Duration d) { this.requestTimeout = d; return this; }

    /** Timeout of opening a connection (default 10 s). */
    public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }

    /** Back-off for transient failures (default {@link RetryPolicy#DEFAULT}). */
    public Builder retryPolicy(RetryPolicy p) { this.retryPolicy = p; return this; }

    /** Told about data that could not be stored; runs on the sender thread, so keep it short. */
    public Builder failureListener(Consumer<LogFailure> l) { this.failureListener = l; return this; }

    /** Whether a JVM shutdown hook flushes the buffer (default true). */
    public Builder shutdownHook(boolean on) { this.shutdownHook = on; return this; }

    /** The bound on the shutdown hook's work (default 10 s). */
    public Builder shutdownTimeout(Duration d) { this.shutdownTimeout = d; return this; }

    /** The bound on {@code close()} waiting for buffered data (default 2 min). */
    public Builder closeTimeout(Duration d) { this.closeTimeout = d; return this; }

    /** A custom transport (default: java.net.http, keep-alive). */
    public Builder transport(Transport t) { this.transport = t; return this; }

    /** HTTP Basic credentials (default: {@code MLFLOW_TRACKING_USERNAME} and {@code MLFLOW_TRACKING_PASSWORD}). */
    public Builder basicAuth(String username, String password) {
      this.username = username;
      this.password = password;
      this.environmentCredentials = false;
      return this;
    }

    /**
     * An API token sent as {@code Authorization: Bearer} (default: {@code VIGIL_TRACKING_TOKEN}, else
     * {@code MLFLOW_TRACKING_TOKEN}).
     */
    public Builder token(String token) {
      this.token = token;
      this.environmentCredentials = false;
      return this;
    }

    /** Whether credentials not set here come from the environment (default true). */
    public Builder environmentCredentials(boolean on) { this.environmentCredentials = on; return this; }

    /** The environment credentials are read from (default {@link System#getenv()}; for tests). */
    public Builder environment(java.util.Map<String, String> env) { this.environment = env; return this; }

    public ClientConfig build() {
      String u = username;
      String p = password;
      String t = token;
      if (environmentCredentials && u == null && t == null) {
        t = nonBlank(environment.get("VIGIL_TRACKING_TOKEN"));
        if (t == null) t = nonBlank(environment.get("MLFLOW_TRACKING_TOKEN"));
        String eu = nonBlank(environment.get("MLFLOW_TRACKING_USERNAME"));
        String ep = environment.get("MLFLOW_TRACKING_PASSWORD");
        if (eu != null && ep != null) {
          u = eu;
          p = ep;
        }
      }
      return new ClientConfig(trackingUri, bufferCapacity, entryBufferCapacity, bufferFullPolicy, blockTimeout,
          flushInterval, maxBatchMetrics, requestTimeout, connectTimeout, retryPolicy, failureListener, shutdownHook,
          shutdownTimeout, closeTimeout, transport, u, p, t);
    }

    private static String nonBlank(String s) {
      return s == null || s.isBlank() ? null : s.trim();
    }
  }
}
