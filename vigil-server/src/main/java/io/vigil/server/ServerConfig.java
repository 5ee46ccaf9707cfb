package io.vigil.server;

import io.vigil.server.auth.Permission;
import java.nio.file.Path;

/**
 * The server's configuration, validated once at start-up and immutable afterwards.
 *
 * @param backendStoreUri {@code sqlite:///relative.db} or {@code sqlite:////absolute/path.db}
 *     (SQLAlchemy's convention, as MLflow uses it), or
 *     {@code postgresql://user:password@host:port/db} (also {@code postgresql+psycopg2://…})
 * @param defaultArtifactRoot where experiments created without an artifact location keep artifacts
 * @param auth whether requests must authenticate ({@code --auth})
 * @param insecureNoAuth allows a non-loopback {@code host} without authentication ({@code --insecure-no-auth})
 * @param defaultPermission with auth, what a user without a grant may do on an experiment ({@code --default-permission})
 * @param limits rate limit, request limits and audit log ({@link ServerLimits}; null means the defaults)
 * @param monitoring whether this server may run production monitoring ({@code --monitoring on|off}); on
 *     PostgreSQL, only the one server holding the monitoring lock does at a time
 */
public record ServerConfig(String host, int port, String backendStoreUri, String defaultArtifactRoot, boolean auth,
    boolean insecureNoAuth, Permission defaultPermission, ServerLimits limits, boolean monitoring) {

  public ServerConfig {
    if (defaultPermission == null) defaultPermission = Permission.READ;
    if (limits == null) limits = ServerLimits.defaults();
  }

  /** Monitoring on. */
  public ServerConfig(String host, int port, String backendStoreUri, String defaultArtifactRoot, boolean auth,
      boolean insecureNoAuth, Permission defaultPermission, ServerLimits limits) {
    this(host, port, backendStoreUri, defaultArtifactRoot, auth, insecureNoAuth, defaultPermission, limits, true);
  }

  public ServerConfig(String host, int port, String backendStoreUri, String defaultArtifactRoot, boolean auth,
      boolean insecureNoAuth, Permission defaultPermission) {
    this(host, port, backendStoreUri, defaultArtifactRoot, auth, insecureNoAuth, defaultPermission, null);
  }

  public ServerConfig(String host, int port, String backendStoreUri, String defaultArtifactRoot, boolean auth,
      boolean insecureNoAuth) {
    this(host, port, backendStoreUri, defaultArtifactRoot, auth, insecureNoAuth, Permission.READ);
  }

  /** This configuration with another default permission (users without a grant on an experiment, with --auth). */
  public ServerConfig withDefaultPermission(Permission p) {
    return new ServerConfig(host, port, backendStoreUri, defaultArtifactRoot, auth, insecureNoAuth, p, limits, monitoring);
  }

  /** This configuration with other abuse limits. */
  public ServerConfig withLimits(ServerLimits l) {
    return new ServerConfig(host, port, backendStoreUri, defaultArtifactRoot, auth, insecureNoAuth, defaultPermission, l,
        monitoring);
  }

  /** Authentication off: valid only on a loopback host. */
  public ServerConfig(String host, int port, String backendStoreUri, String defaultArtifactRoot) {
    this(host, port, backendStoreUri, defaultArtifactRoot, false, false);
  }

  /** This configuration with authentication on. */
  public ServerConfig withAuth() {
    return new ServerConfig(host, port, backendStoreUri, defaultArtifactRoot, true, insecureNoAuth, defaultPermission,
        limits, monitoring);
  }

  /** This configuration with monitoring on or off ({@code --monitoring}). */
  public ServerConfig withMonitoring(boolean on) {
    return new ServerConfig(host, port, backendStoreUri, defaultArtifactRoot, auth, insecureNoAuth, defaultPermission,
        limits, on);
  }

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5000;

  public static String defaultStoreUri() {
    return "sqlite:///" + Path.of("vigil-data", "vigil.db");
  }

  public static String defaultArtifactRootPath() {
    return Path.of("vigil-data", "artifacts").toAbsolutePath().toString();
  }

  /** Fails with a message a user can act on. */
  public ServerConfig validate() {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
    if (host == null || host.isBlank()) throw new IllegalArgumentException("--host must not be empty");
    if (!auth && !insecureNoAuth && !isLoopback(host)) {
      throw new IllegalArgumentException("refusing to listen on " + host + " without authentication: add --auth"
          + " (see docs/AUTH.md), listen on 127.0.0.1, or pass --insecure-no-auth to accept the risk");
    }
    if (isPostgres()) postgres();
    else sqlitePath();
    if (defaultArtifactRoot == null || defaultArtifactRoot.isBlank()) {
      throw new IllegalArgumentException("--default-artifact-root must not be empty");
    }
    return this;
  }

  /**
   * True when every address {@code host} names is a loopback address; an unresolvable name is not
   * (the server would fail to bind anyway).
   */
  public static boolean isLoopback(String host) {
    String h = host.trim();
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    if (h.equalsIgnoreCase("localhost")) return true;
    try {
      java.net.InetAddress[] all = java.net.InetAddress.getAllByName(h);
      if (all.length == 0) return false;
      for (java.net.InetAddress a : all) if (!a.isLoopbackAddress()) return false;
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** True when the store URI names a PostgreSQL database. */
  public boolean isPostgres() {
    return isPostgresUri(backendStoreUri);
  }

  static boolean isPostgresUri(String uri) {
    return uri != null && (uri.startsWith("postgresql://") || uri.startsWith("postgresql+") || uri.startsWith("postgres://"));
  }

  /** The PostgreSQL database named by the store URI. */
  public PostgresTarget postgres() {
    return PostgresTarget.parse(backendStoreUri);
  }

  /**
   * A PostgreSQL connection target parsed from {@code postgresql[+driver]://user:password@host:port/db?params}.
   * User and password may be percent-encoded; {@link #toString()} never shows the password.
   */
  public record PostgresTarget(String jdbcUrl, String user, String password) {
    public static PostgresTarget parse(String uri) {
      if (!isPostgresUri(uri)) {
        throw new IllegalArgumentException("not a postgresql:// URI: '" + redact(uri) + "'");
      }
      String rest = uri.substring(uri.indexOf("://") + 3);
      String user = null;
      String password = null;
      int at = rest.lastIndexOf('@', rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
      if (at >= 0) {
        String userInfo = rest.substring(0, at);
        rest = rest.substring(at + 1);
        int colon = userInfo.indexOf(':');
        user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        if (colon >= 0) password = decode(userInfo.substring(colon + 1));
      }
      int slash = rest.indexOf('/');
      String hostPort = slash < 0 ? rest : rest.substring(0, slash);
      String dbAndQuery = slash < 0 ? "" : rest.substring(slash + 1);
      String db = dbAndQuery.contains("?") ? dbAndQuery.substring(0, dbAndQuery.indexOf('?')) : dbAndQuery;
      String query = dbAndQuery.contains("?") ? dbAndQuery.substring(dbAndQuery.indexOf('?')) : "";
      if (hostPort.isEmpty() || db.isEmpty()) {
        throw new IllegalArgumentException("--backend-store-uri must look like postgresql://user:password@host:port/database,"
            + " got '" + redact(uri) + "'");
      }
      if (!hostPort.matches("[A-Za-z0-9.\\-_\\[\\]:]+")) {
        throw new IllegalArgumentException("--backend-store-uri has an invalid host:port '" + hostPort + "'");
      }
      return new PostgresTarget("jdbc:postgresql://" + hostPort + "/" + db + query, user, password);
    }

    private static String decode(String s) {
      return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "PostgresTarget[" + jdbcUrl + " as " + user + "]";
    }
  }

  /** The SQLite file named by the store URI. */
  public Path sqlitePath() {
    String uri = backendStoreUri;
    if (!uri.startsWith("sqlite:///")) {
      throw new IllegalArgumentException("--backend-store-uri must look like sqlite:///relative/path.db,"
          + " sqlite:////absolute/path.db or postgresql://user:password@host:port/database, got '" + redact(uri) + "'");
    }
    String path = uri.substring("sqlite:///".length());
    if (path.isEmpty()) throw new IllegalArgumentException("--backend-store-uri names no database file: '" + uri + "'");
    return Path.of(path).toAbsolutePath();
  }

  /** Hides a password in a URI before it is shown. */
  public static String redact(String uri) {
    return uri.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
  }

  /** The artifact root as experiments record it: an absolute path for local folders. */
  public String resolvedArtifactRoot() {
    if (defaultArtifactRoot.contains(":/")) return defaultArtifactRoot; // a URI such as s3:// or file:///
    return Path.of(defaultArtifactRoot).toAbsolutePath().normalize().toString();
  }
}
