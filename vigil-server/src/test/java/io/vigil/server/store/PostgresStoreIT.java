package io.vigil.server.store;

import io.vigil.server.ServerConfig;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcMonitorStore;
import io.vigil.server.store.jdbc.JdbcRegistryStore;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * Every store contract on PostgreSQL (see {@link PostgresTestDatabase} for how the server is found).
 * The class gets one database, migrated once; each test starts from emptied tables with identities
 * reset, which is as fresh as a new database and much faster.
 */
class PostgresStoreIT {
  private static PostgresTestDatabase server;
  private static String uri;

  @BeforeAll
  static void createDatabase() {
    server = PostgresTestDatabase.require();
    uri = server.createDatabase("vigil_contract");
  }

  @AfterAll
  static void dropDatabase() {
    if (server != null && uri != null) server.dropDatabase(uri);
  }

  static TrackingStore newPostgresStore() throws Exception {
    return new JdbcTrackingStore(newPostgresDatabase(), Files.createTempDirectory("vigil-pg-test").resolve("artifacts").toString(),
        Clock.systemUTC());
  }

  /** The contract database, emptied: every table but Flyway's history is truncated (ids restart). */
  static Database newPostgresDatabase() throws Exception {
    try (Connection c = PostgresTestDatabase.connect(uri); Statement st = c.createStatement()) {
      List<String> tables = new java.util.ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
          + " AND tablename <> 'flyway_schema_history'")) {
        while (rs.next()) tables.add('"' + rs.getString(1) + '"');
      }
      if (!tables.isEmpty()) st.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
    }
    ServerConfig.PostgresTarget t = ServerConfig.PostgresTarget.parse(uri);
    return Database.openPostgres(t.jdbcUrl(), t.user(), t.password());
  }

  @Nested
  class Experiments extends ExperimentsContract {
    @Override
    protected TrackingStore newStore() throws Exception {
      return newPostgresStore();
    }
  }

  @Nested
  class Runs extends RunsContract {
    @Override
    protected TrackingStore newStore() throws Exception {
      return newPostgresStore();
    }
  }

  @Nested
  class MetricHistory extends MetricHistoryContract {
    @Override
    protected TrackingStore newStore() throws Exception {
      return newPostgresStore();
    }
  }

  @Nested
  class SearchRuns extends SearchRunsContract {
    @Override
    protected TrackingStore newStore() throws Exception {
      return newPostgresStore();
    }
  }

  @Nested
  class Series extends SeriesContract {
    @Override
    protected TrackingStore newStore() throws Exception {
      return newPostgresStore();
    }
  }

  @Nested
  class Registry extends RegistryContract {
    private Database db;

    @Override
    protected TrackingStore newStore() throws Exception {
      db = newPostgresDatabase();
      return new JdbcTrackingStore(db, Files.createTempDirectory("vigil-pg-test").resolve("artifacts").toString(),
          Clock.systemUTC());
    }

    @Override
    protected RegistryStore newRegistryStore() {
      return new JdbcRegistryStore(db, Clock.systemUTC());
    }
  }

  @Nested
  class Monitors extends MonitorContract {
    private Database db;

    @Override
    protected TrackingStore newStore() throws Exception {
      db = newPostgresDatabase();
      return new JdbcTrackingStore(db, Files.createTempDirectory("vigil-pg-test").resolve("artifacts").toString(),
          Clock.systemUTC());
    }

    @Override
    protected MonitorStore newMonitorStore() {
      return new JdbcMonitorStore(db, Clock.systemUTC());
    }
  }

  @Nested
  class Users extends UsersContract {
    private Database db;

    @Override
    protected TrackingStore newStore() throws Exception {
      db = newPostgresDatabase();
      return new JdbcTrackingStore(db, Files.createTempDirectory("vigil-pg-test").resolve("artifacts").toString(),
          Clock.systemUTC());
    }

    @Override
    protected UserStore newUserStore() {
      return new io.vigil.server.store.jdbc.JdbcUserStore(db);
    }
  }
}
