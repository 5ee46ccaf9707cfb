package io.vigil.server.store;

import io.vigil.server.ServerConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests use, from {@code -Dvigil.postgresUrl=postgresql://user:pw@host:port/db}
 * or the environment variable {@code VIGIL_TEST_POSTGRES_URL} (what {@code source .ci/postgres.sh}
 * exports). Without one the PostgreSQL tests are skipped with a message saying how to run them, unless
 * {@code -Dvigil.requirePostgres=true} (CI), when they fail. Each test class gets its own database,
 * created here and dropped afterwards; the role needs CREATEDB.
 */
public final class PostgresTestDatabase {
  public static final String HOW_TO_RUN = "PostgreSQL tests need a server: run `source .ci/postgres.sh` (as root:"
      + " installs Debian's postgresql and starts a cluster) and then `mvn verify -Dvigil.postgresUrl=$VIGIL_TEST_POSTGRES_URL`,"
      + " or set VIGIL_TEST_POSTGRES_URL=postgresql://user:password@host:port/db (the role needs CREATEDB).";

  private final ServerConfig.PostgresTarget admin;

  private PostgresTestDatabase(ServerConfig.PostgresTarget admin) {
    this.admin = admin;
  }

  /** The configured server; skips (or, when PostgreSQL is required, fails) the calling test when there is none. */
  public static PostgresTestDatabase require() {
    String url = setting("vigil.postgresUrl", "VIGIL_TEST_POSTGRES_URL");
    if (url == null) {
      if (Boolean.getBoolean("vigil.requirePostgres")) {
        Assertions.fail("-Dvigil.requirePostgres=true but no PostgreSQL server is configured. " + HOW_TO_RUN);
      }
      Assumptions.abort("Skipped: no PostgreSQL server configured. " + HOW_TO_RUN);
    }
    return new PostgresTestDatabase(ServerConfig.PostgresTarget.parse(url));
  }

  /** A shell command prefix taking {@code stop} / {@code start} for the server (restart test), or null. */
  public static String controlCommand() {
    return setting("vigil.postgresCtl", "VIGIL_TEST_POSTGRES_CTL");
  }

  static String setting(String property, String env) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank() || v.startsWith("${")) v = System.getenv(env);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** Creates an empty database and returns its {@code postgresql://} URI (with the password). */
  public String createDatabase(String prefix) {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    exec("CREATE DATABASE " + name);
    return uriFor(name);
  }

  public void dropDatabase(String uri) {
    String name = uri.substring(uri.lastIndexOf('/') + 1);
    exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private String uriFor(String database) {
    String base = admin.jdbcUrl().substring("jdbc:postgresql://".length());
    String hostPort = base.substring(0, base.indexOf('/'));
    return "postgresql://" + enc(admin.user()) + ":" + enc(admin.password()) + "@" + hostPort + "/" + database;
  }

  private static String enc(String s) {
    return s == null ? "" : java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  public static Connection connect(String uri) throws SQLException {
    ServerConfig.PostgresTarget t = ServerConfig.PostgresTarget.parse(uri);
    return DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
  }

  private void exec(String sql) {
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL test setup failed (" + sql + "): " + e.getMessage(), e);
    }
  }
}
