package io.vigil.server.store;

import io.vigil.server.ServerConfig;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
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
    try (Connection c = PostgresTestDatabase.connect(uri); Statement st = c.createStatement()) {
      boolean migrated;
      try (ResultSet rs = st.executeQuery("SELECT to_regclass('metric_chunks') IS NOT NULL")) {
        rs.next();
        migrated = rs.getBoolean(1);
      }
      if (migrated) {
        st.execute("TRUNCATE experiments, experiment_tags, runs, params, tags, latest_metrics, metric_chunks"
            + " RESTART IDENTITY CASCADE");
      }
    }
    Path dir = Files.createTempDirectory("vigil-pg-test");
    dir.toFile().deleteOnExit();
    ServerConfig.PostgresTarget t = ServerConfig.PostgresTarget.parse(uri);
    return new JdbcTrackingStore(Database.openPostgres(t.jdbcUrl(), t.user(), t.password()),
        dir.resolve("artifacts").toString(), Clock.systemUTC());
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
}
