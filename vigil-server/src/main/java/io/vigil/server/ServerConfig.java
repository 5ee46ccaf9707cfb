package io.vigil.server;

import java.nio.file.Path;

/**
 * The server's configuration, validated once at start-up and immutable afterwards.
 *
 * @param backendStoreUri {@code sqlite:///relative.db} or {@code sqlite:////absolute/path.db}
 *     (SQLAlchemy's convention, as MLflow uses it)
 * @param defaultArtifactRoot where experiments created without an artifact location keep artifacts
 */
public record ServerConfig(String host, int port, String backendStoreUri, String defaultArtifactRoot) {

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
    sqlitePath();
    if (defaultArtifactRoot == null || defaultArtifactRoot.isBlank()) {
      throw new IllegalArgumentException("--default-artifact-root must not be empty");
    }
    return this;
  }

  /** The SQLite file named by the store URI. */
  public Path sqlitePath() {
    String uri = backendStoreUri;
    if (uri.startsWith("postgresql:") || uri.startsWith("postgresql+")) {
      throw new IllegalArgumentException("--backend-store-uri " + redact(uri)
          + ": PostgreSQL is not supported by this version yet; use sqlite:///PATH.db");
    }
    if (!uri.startsWith("sqlite:///")) {
      throw new IllegalArgumentException("--backend-store-uri must look like sqlite:///relative/path.db or"
          + " sqlite:////absolute/path.db, got '" + redact(uri) + "'");
    }
    String path = uri.substring("sqlite:///".length());
    if (path.isEmpty()) throw new IllegalArgumentException("--backend-store-uri names no database file: '" + uri + "'");
    return Path.of(path).toAbsolutePath();
  }

  /** Hides a password in a URI before it is shown. */
  static String redact(String uri) {
    return uri.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
  }

  /** The artifact root as experiments record it: an absolute path for local folders. */
  public String resolvedArtifactRoot() {
    if (defaultArtifactRoot.contains(":/")) return defaultArtifactRoot; // a URI such as s3:// or file:///
    return Path.of(defaultArtifactRoot).toAbsolutePath().normalize().toString();
  }
}
