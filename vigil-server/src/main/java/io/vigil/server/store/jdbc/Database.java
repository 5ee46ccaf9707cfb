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
 * lets run beside the writer. PostgreSQL reads and writes share one HikariCP pool; its writers are
 * serialised where they must be by row and advisory locks (see {@link Dialect#lockSeries}), reads run
 * in one REPEATABLE READ snapshot. Migrations run when the database is opened.
 *
 * <p>Errors: a violated unique constraint becomes RESOURCE_ALREADY_EXISTS; on PostgreSQL a database
 * that cannot be reached becomes TEMPORARILY_UNAVAILABLE (HTTP 503 with Retry-After), and a
 * transaction aborted by a deadlock or serialization failure is run again.
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

  private final DataSource migrationSource;

  private Database(Dialect dialect, HikariDataSource writes, HikariDataSource reads, String description,
      DataSource migrationSource) {
    this.dialect = dialect;
    this.writes = writes;
    this.groupCommit = new GroupCommitWriter(writes, this::databaseError);
    this.reads = reads;
    this.description = description;
    this.migrationSource = migrationSource;
  }

  /** Attempts of a write transaction that PostgreSQL aborted because of a concurrent one. */
  private static final int WRITE_ATTEMPTS = 5;
  /** Default size of the PostgreSQL pool; override with the system property vigil.postgres.poolSize. */
  static final int DEFAULT_POSTGRES_POOL = 10;

  /**
   * Opens (migrating as needed) the PostgreSQL database at {@code jdbcUrl}
   * ({@code jdbc:postgresql://host:port/db}). {@code description} must not contain the password.
   */
  private final io.vigil.server.store.TransactionTimings timings = new io.vigil.server.store.TransactionTimings();

  public static Database openPostgres(String jdbcUrl, String user, String password) {
    return openPostgres(jdbcUrl, user, password, true);
  }

  /** As {@link #openPostgres(String, String, String)}; {@code migrate = false} leaves the schema as it is. */
  public static Database openPostgres(String jdbcUrl, String user, String password, boolean migrate) {
    org.postgresql.ds.PGSimpleDataSource direct = new org.postgresql.ds.PGSimpleDataSource();
    direct.setURL(jdbcUrl);
    if (user != null) direct.setUser(user);
    if (password != null) direct.setPassword(password);
    direct.setApplicationName("vigil");
    direct.setConnectTimeout(5);
    if (migrate) migrate(direct, Dialect.POSTGRESQL);

    HikariConfig cfg = new HikariConfig();
    cfg.setPoolName("vigil-postgres");
    cfg.setDataSource(direct);
    cfg.setMaximumPoolSize(Integer.getInteger("vigil.postgres.poolSize", DEFAULT_POSTGRES_POOL));
    cfg.setMinimumIdle(Math.min(2, cfg.getMaximumPoolSize()));
    cfg.setAutoCommit(true);
    // While the database is away a request waits this long for a connection, then gets a 503.
    cfg.setConnectionTimeout(3_000);
    cfg.setValidationTimeout(2_000);
    cfg.setKeepaliveTime(60_000);
    HikariDataSource pool = new HikariDataSource(cfg);
    String where = jdbcUrl.replaceFirst("^jdbc:", "").replaceFirst("\\?.*$", "");
    return new Database(Dialect.POSTGRESQL, pool, pool, where + " as " + user, direct);
  }

  /** Opens (creating and migrating as needed) the SQLite database file at {@code file}. */
  public static Database openSqlite(Path file) {
    return openSqlite(file, true);
  }

  /** As {@link #openSqlite(Path)}; {@code migrate = false} leaves the schema as it is. */
  public static Database openSqlite(Path file, boolean migrate) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create the folder of " + file + ": " + e.getMessage(), e);
    }
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    if (migrate) migrate(sqliteDataSource(url), Dialect.SQLITE);
    HikariDataSource writes = pool("vigil-sqlite-write", sqliteDataSource(url), 1);
    HikariDataSource reads = pool("vigil-sqlite-read", sqliteDataSource(url), 4);
    return new Database(Dialect.SQLITE, writes, reads, "sqlite " + file.toAbsolutePath(), sqliteDataSource(url));
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
    flyway(ds, dialect).migrate();
  }

  private static Flyway flyway(DataSource ds, Dialect dialect) {
    return Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration/" + dialect.migrationFolder())
        .load();
  }

  /** Applies pending migrations (opening with {@code migrate = true} already did); returns how many ran. */
  public int migrate() {
    return flyway(migrationSource, dialect).migrate().migrationsExecuted;
  }

  /** The schema's Flyway history (for {@code vigil db info}). */
  public org.flywaydb.core.api.MigrationInfoService migrationInfo() {
    return flyway(migrationSource, dialect).info();
  }

  public Dialect dialect() {
    return dialect;
  }

  public String description() {
    return description;
  }

  /**
   * Runs {@code work} in a write transaction: committed when it returns, rolled back when it throws.
   * On PostgreSQL it may run more than once (after a deadlock or serialization failure), so it must
   * have no effects outside the transaction.
   */
  public <T> T write(SqlWork<T> work) {
    long start = System.nanoTime();
    boolean ok = false;
    try {
      T result = writeOnce(work);
      ok = true;
      return result;
    } finally {
      if (ok) timings.write(System.nanoTime() - start);
      else timings.failed();
    }
  }

  /** Transaction counts and durations since the database was opened. */
  public io.vigil.server.store.TransactionTimings timings() {
    return timings;
  }

  private <T> T writeOnce(SqlWork<T> work) {
    // SQLite has one writer: concurrent writes are batched into shared transactions.
    if (dialect == Dialect.SQLITE) return groupCommit.write(work);
    for (int attempt = 1; ; attempt++) {
      try {
        return inTransaction(writes, work, false);
      } catch (SQLException e) {
        if (dialect.isRetryable(e) && attempt < WRITE_ATTEMPTS) {
          LOG.debug("write transaction aborted by a concurrent one ({}); running it again", e.getSQLState());
          continue;
        }
        throw databaseError(e);
      }
    }
  }

  /** Runs {@code work} in a read-only transaction (one consistent snapshot). */
  public <T> T read(SqlWork<T> work) {
    long start = System.nanoTime();
    try {
      T result = inTransaction(reads, work, true);
      timings.read(System.nanoTime() - start);
      return result;
    } catch (SQLException e) {
      timings.failed();
      throw databaseError(e);
    } catch (RuntimeException e) {
      timings.failed();
      throw e;
    }
  }

  private <T> T inTransaction(DataSource ds, SqlWork<T> work, boolean readOnly) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (readOnly) dialect.beginRead(c);
        T result = runWork(work, c);
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
        if (!c.isClosed()) {
          try {
            c.setAutoCommit(true);
          } catch (SQLException broken) {
            // the connection is gone (database restarted): Hikari evicts it
          }
        }
      }
    }
  }

  /**
   * Runs the work, turning pgjdbc's AssertionError from executeBatch on a connection the server closed
   * (only thrown with -ea, as in tests; https://github.com/pgjdbc/pgjdbc/issues/1458, fixed upstream
   * by pull request 4187) into the connection error it stands for.
   */
  private static <T> T runWork(SqlWork<T> work, Connection c) throws SQLException {
    try {
      return work.run(c);
    } catch (AssertionError e) {
      if (String.valueOf(e.getMessage()).contains("getAutoCommit() should not throw")) {
        throw new SQLException("connection closed during a batch", "08003", e);
      }
      throw e;
    }
  }

  private VigilException databaseError(SQLException e) {
    if (dialect.isUnavailable(e)) {
      LOG.warn("database {} unavailable: {}", description, e.getMessage());
      return new VigilException(ErrorCode.TEMPORARILY_UNAVAILABLE,
          "The tracking store is temporarily unavailable; retry later.");
    }
    if (dialect.isUniqueViolation(e)) {
      return VigilException.alreadyExists("The resource already exists.");
    }
    LOG.error("database error on {}", description, e);
    return new VigilException(ErrorCode.INTERNAL_ERROR, "Internal error in the tracking store; see the server log.");
  }

  @Override
  public void close() {
    reads.close();
    writes.close();
  }
}
