package io.vigil.server.store.jdbc;

/** The few SQL differences between the supported databases; everything else is shared SQL. */
public enum Dialect {
  SQLITE,
  POSTGRESQL;

  /** Case-insensitive LIKE: PostgreSQL has ILIKE; SQLite's LIKE is made case-sensitive per connection, so lower() both sides. */
  public String ilike(String column, String placeholder) {
    return this == POSTGRESQL ? column + " ILIKE " + placeholder : "lower(" + column + ") LIKE lower(" + placeholder + ")";
  }

  /** Migration folder under db/migration. */
  public String migrationFolder() {
    return this == POSTGRESQL ? "postgresql" : "sqlite";
  }
}
