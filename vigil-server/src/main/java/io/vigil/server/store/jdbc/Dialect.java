package io.vigil.server.store.jdbc;

/** The few SQL differences between the supported databases; everything else is shared SQL. */
public enum Dialect {
  SQLITE,
  POSTGRESQL;

  /** Case-insensitive LIKE: PostgreSQL has ILIKE; SQLite's LIKE is made case-sensitive per connection, so lower() both sides. */
  public String ilike(String column, String placeholder) {
    return this == POSTGRESQL ? column + " ILIKE " + placeholder : "lower(" + column + ") LIKE lower(" + placeholder + ")";
  }

  /** True when {@code e} reports a violated unique or primary-key constraint. */
  public boolean isUniqueViolation(java.sql.SQLException e) {
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

  /** Migration folder under db/migration. */
  public String migrationFolder() {
    return this == POSTGRESQL ? "postgresql" : "sqlite";
  }
}
