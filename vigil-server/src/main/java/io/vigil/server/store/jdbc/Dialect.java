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

  /** Migration folder under db/migration. */
  public String migrationFolder() {
    return this == POSTGRESQL ? "postgresql" : "sqlite";
  }
}
