package io.vigil.server.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The few SQL differences between the supported databases; everything else is shared SQL. */
public enum Dialect {
  SQLITE,
  POSTGRESQL;

  /**
   * Case-sensitive LIKE. PostgreSQL treats backslash as LIKE's escape character by default and SQLite
   * has none: {@code ESCAPE ''} turns it off so a pattern means the same on both.
   */
  public String like(String column, String placeholder) {
    return this == POSTGRESQL ? column + " LIKE " + placeholder + " ESCAPE ''" : column + " LIKE " + placeholder;
  }

  /**
   * Case-insensitive LIKE: PostgreSQL has ILIKE (without an escape character, as {@link #like});
   * SQLite's LIKE is made case-sensitive per connection, so lower() both sides. Both fold ASCII only
   * (PostgreSQL because the text columns use the "C" collation).
   */
  public String ilike(String column, String placeholder) {
    return this == POSTGRESQL
        ? column + " ILIKE " + placeholder + " ESCAPE ''"
        : "lower(" + column + ") LIKE lower(" + placeholder + ")";
  }

  /** True when {@code e} reports a violated unique or primary-key constraint. */
  public boolean isUniqueViolation(SQLException e) {
    if (this == POSTGRESQL) return "23505".equals(e.getSQLState());
    return e instanceof org.sqlite.SQLiteException se
        && (se.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
            || se.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
  }

  /**
   * {@code column} with a bound blob appended. SQLite's {@code ||} works on text, so the result is cast
   * back to a blob (bytes are kept, NULs included); PostgreSQL concatenates bytea directly.
   */
  public String concatBlob(String column) {
    return this == POSTGRESQL ? column + " || ?" : "CAST(" + column + " || ? AS BLOB)";
  }

  /** The dialect of a connection, from its driver. */
  public static Dialect of(java.sql.Connection c) throws java.sql.SQLException {
    return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")
        ? POSTGRESQL : SQLITE;
  }

  /**
   * True when the transaction failed only because of other transactions (serialization failure,
   * deadlock) and running it again is safe. SQLite's single writer never produces these.
   */
  public boolean isRetryable(SQLException e) {
    if (this != POSTGRESQL) return false;
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state);
  }

  /**
   * True when the database cannot be reached (down, restarting, refusing connections, or no pooled
   * connection became free in time): the request may succeed later, so the server answers 503.
   * Only PostgreSQL is a separate server; SQLite errors keep their old meaning.
   */
  public boolean isUnavailable(SQLException e) {
    if (this != POSTGRESQL) return false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException) return true; // Hikari: no connection in time
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") // connection exception
            || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") // shutdown, cannot connect now
            || state.equals("53300")) { // too many connections
          return true;
        }
      }
      if (t instanceof java.net.ConnectException || t instanceof java.io.EOFException
          || t instanceof java.net.SocketException) {
        return true;
      }
    }
    return false;
  }

  /** Starts a read transaction: on PostgreSQL one snapshot for all its statements, as SQLite's WAL reads. */
  void beginRead(Connection c) throws SQLException {
    if (this == POSTGRESQL) {
      try (var st = c.createStatement()) {
        st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      }
    }
  }

  /**
   * Serialises writers of one metric series (run, key) until the transaction ends, so the chunk
   * read-modify-write of two servers appending at the same moment neither loses nor duplicates
   * points. On SQLite the single writer connection already does this. Callers lock the series of a
   * batch in sorted key order, so two batches cannot deadlock on them.
   */
  void lockSeries(Connection c, String runId, String key) throws SQLException {
    if (this != POSTGRESQL) return;
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, seriesLockKey(runId, key));
      ps.executeQuery().close();
    }
  }

  /** A 64-bit FNV-1a hash of "run NUL key": a collision only makes two series share a lock. */
  static long seriesLockKey(String runId, String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : (runId + '\0' + key).getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Migration folder under db/migration. */
  public String migrationFolder() {
    return this == POSTGRESQL ? "postgresql" : "sqlite";
  }
}
