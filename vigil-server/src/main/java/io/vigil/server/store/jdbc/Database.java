package io.vigil.server.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vigil.model.ErrorCode;
import io.vigil.model.VigilException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Connections and transactions. SQLite allows one writer at a time, so writes go through a pool of
 * exactly one connection (waiting for it is the write lock) while reads use a separate pool that WAL
 * lets run beside the writer. Migrations run when the database is opened.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** Work done on a connection inside a transaction. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private final Dialect dialect;
  private final HikariDataSource writes;
  private final GroupCommitWriter groupCommit;
  private final HikariDataSource reads;
  private final String description;

  private Database(Dialect dialect, HikariDataSource writes, HikariDataSource reads, String description) {
    this.dialect = dialect;
    this.writes = writes;
    this.groupCommit = new GroupCommitWriter(writes, this::databaseError);
    this.reads = reads;
    this.description = description;
  }

  /** Opens (creating and migrating as needed) the SQLite database file at {@code file}. */
  public static Database openSqlite(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create the folder of " + file + ": " + e.getMessage(), e);
    }
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    migrate(sqliteDataSource(url), Dialect.SQLITE);
    HikariDataSource writes = pool("vigil-sqlite-write", sqliteDataSource(url), 1);
    HikariDataSource reads = pool("vigil-sqlite-read", sqliteDataSource(url), 4);
    return new Database(Dialect.SQLITE, writes, reads, "sqlite " + file.toAbsolutePath());
  }

  private static SQLiteDataSource sqliteDataSource(String url) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // NORMAL in WAL mode: a commit survives the process being killed (it is in the WAL file);
    // only a power loss can lose the last transactions. FULL would fsync every commit.
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(30_000);
    config.enforceForeignKeys(true);
    config.setPragma(SQLiteConfig.Pragma.CASE_SENSITIVE_LIKE, "true");
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    config.setCacheSize(-32_000);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl(url);
    return ds;
  }

  private static HikariDataSource pool(String name, DataSource ds, int size) {
    HikariConfig cfg = new HikariConfig();
    cfg.setPoolName(name);
    cfg.setDataSource(ds);
    cfg.setMaximumPoolSize(size);
    cfg.setMinimumIdle(1);
    cfg.setAutoCommit(true);
    cfg.setConnectionTimeout(60_000);
    return new HikariDataSource(cfg);
  }

  private static void migrate(DataSource ds, Dialect dialect) {
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration/" + dialect.migrationFolder())
        .load()
        .migrate();
  }

  public Dialect dialect() {
    return dialect;
  }

  public String description() {
    return description;
  }

  /** Runs {@code work} in a write transaction: committed when it returns, rolled back when it throws. */
  public <T> T write(SqlWork<T> work) {
    if (dialect != Dialect.SQLITE) return inTransaction(writes, work);
    // SQLite has one writer: concurrent writes are batched into shared transactions.
    return groupCommit.write(work);
  }

  /** Runs {@code work} in a read-only transaction (one consistent snapshot). */
  public <T> T read(SqlWork<T> work) {
    return inTransaction(reads, work);
  }

  private <T> T inTransaction(DataSource ds, SqlWork<T> work) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (RuntimeException | SQLException e) {
        try {
          c.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw databaseError(e);
    }
  }

  private VigilException databaseError(SQLException e) {
    LOG.error("database error on {}", description, e);
    return new VigilException(ErrorCode.INTERNAL_ERROR, "Internal error in the tracking store; see the server log.");
  }

  @Override
  public void close() {
    reads.close();
    writes.close();
  }
}
