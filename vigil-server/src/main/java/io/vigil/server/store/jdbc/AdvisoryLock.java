package io.vigil.server.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL session-level advisory lock held on a connection of its own (not from the pool), so
 * that it lasts as long as this process: when the process stops or dies, or the connection breaks,
 * the session ends and the database releases the lock for another server to take.
 */
public final class AdvisoryLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLock.class);
  /** Seconds {@link #hold()} waits for the database to confirm a held lock's connection. */
  private static final int VALID_TIMEOUT_SECONDS = 5;

  private final String jdbcUrl;
  private final Properties properties;
  private final long key;
  /** Kept open between attempts, so a waiting server does not open a session every time. */
  private Connection connection;
  private boolean held;

  public AdvisoryLock(String jdbcUrl, String user, String password, long key) {
    this.jdbcUrl = jdbcUrl;
    this.key = key;
    this.properties = new Properties();
    if (user != null) properties.setProperty("user", user);
    if (password != null) properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("socketTimeout", "30");
    properties.setProperty("ApplicationName", "vigil-advisory-lock");
  }

  /**
   * Whether this process holds the lock now: a held lock's connection is checked, and a free lock is
   * taken. A lock whose connection broke is answered "not held" once even if it is free again, since
   * another server may have held it meanwhile; the next call tries to take it. Never throws; an
   * unreachable database means "not held".
   */
  public synchronized boolean hold() {
    if (held) {
      if (valid()) return true;
      LOG.debug("advisory lock {}: connection lost", key);
      closeConnection(); // the session, and the lock with it, is gone
      return false;
    }
    try {
      if (connection == null) connection = DriverManager.getConnection(jdbcUrl, properties);
      try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        ps.setLong(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          held = rs.next() && rs.getBoolean(1);
        }
      }
    } catch (SQLException e) {
      LOG.debug("advisory lock {}: {}", key, e.getMessage());
      closeConnection();
    }
    return held;
  }

  private boolean valid() {
    try {
      return connection.isValid(VALID_TIMEOUT_SECONDS);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Releases the lock by ending its session. */
  @Override
  public synchronized void close() {
    closeConnection();
  }

  private void closeConnection() {
    close(connection);
    connection = null;
    held = false;
  }

  private static void close(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("closing an advisory lock connection: {}", e.getMessage());
    }
  }
}
