package io.vigil.server.store;

import io.vigil.server.ServerConfig;
import io.vigil.server.store.jdbc.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
    protected StoreSet newStores() throws Exception {
      return StoreSet.on(newPostgresDatabase());
    }
  }

  @Nested
  class Runs extends RunsContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.on(newPostgresDatabase());
    }
  }

  @Nested
  class MetricHistory extends MetricHistoryContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.on(newPostgresDatabase());
    }
  }

  @Nested
  class SearchRuns extends SearchRunsContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.on(newPostgresDatabase());
    }
  }

  @Nested
  class Series extends SeriesContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.on(newPostgresDatabase());
    }
  }

  @Nested
  class Registry extends RegistryContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.on(newPostgresDatabase());
    }
  }

  @Nested
  class Monitors extends MonitorContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.on(newPostgresDatabase());
    }
  }

  @Nested
  class Users extends UsersContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.on(newPostgresDatabase());
    }
  }

  @Nested
  class Permissions extends PermissionsContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.on(newPostgresDatabase());
    }
  }

  @Nested
  class Audit extends AuditContract {
    @Override
    protected StoreSet newStores() throws Exception {
      return StoreSet.on(newPostgresDatabase());
    }
  }
}
