package io.vigil.server.store;

import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcRegistryStore;
import io.vigil.server.store.jdbc.JdbcMonitorStore;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Nested;

/** Every store contract on the embedded SQLite backend. */
class SqliteStoreTest {

  static TrackingStore newSqliteStore() throws Exception {
    Path dir = Files.createTempDirectory("vigil-sqlite-test");
    dir.toFile().deleteOnExit();
    return new JdbcTrackingStore(Database.openSqlite(dir.resolve("vigil.db")), dir.resolve("artifacts").toString(),
        Clock.systemUTC());
  }

  @Nested
  class Experiments extends ExperimentsContract {
    @Override
    protected TrackingStore newStore() throws Exception {
      return newSqliteStore();
    }
  }

  @Nested
  class Runs extends RunsContract {
    @Override
    protected TrackingStore newStore() throws Exception {
      return newSqliteStore();
    }
  }

  @Nested
  class MetricHistory extends MetricHistoryContract {
    @Override
    protected TrackingStore newStore() throws Exception {
      return newSqliteStore();
    }
  }

  @Nested
  class SearchRuns extends SearchRunsContract {
    @Override
    protected TrackingStore newStore() throws Exception {
      return newSqliteStore();
    }
  }

  @Nested
  class Series extends SeriesContract {
    @Override
    protected TrackingStore newStore() throws Exception {
      return newSqliteStore();
    }
  }

  @Nested
  class Registry extends RegistryContract {
    private Database db;

    @Override
    protected TrackingStore newStore() throws Exception {
      Path dir = Files.createTempDirectory("vigil-sqlite-test");
      dir.toFile().deleteOnExit();
      db = Database.openSqlite(dir.resolve("vigil.db"));
      return new JdbcTrackingStore(db, dir.resolve("artifacts").toString(), Clock.systemUTC());
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
      Path dir = Files.createTempDirectory("vigil-sqlite-test");
      dir.toFile().deleteOnExit();
      db = Database.openSqlite(dir.resolve("vigil.db"));
      return new JdbcTrackingStore(db, dir.resolve("artifacts").toString(), Clock.systemUTC());
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
      Path dir = Files.createTempDirectory("vigil-sqlite-test");
      dir.toFile().deleteOnExit();
      db = Database.openSqlite(dir.resolve("vigil.db"));
      return new JdbcTrackingStore(db, dir.resolve("artifacts").toString(), Clock.systemUTC());
    }

    @Override
    protected UserStore newUserStore() {
      return new io.vigil.server.store.jdbc.JdbcUserStore(db);
    }
  }
}
