/** The JDBC implementation of the stores; {@link io.vigil.server.store.jdbc.Dialect} holds the SQLite/PostgreSQL differences. */
package io.vigil.server.store.jdbc;
