package io.vigil.server.store;

import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcAuditStore;
import io.vigil.server.store.jdbc.JdbcMonitorStore;
import io.vigil.server.store.jdbc.JdbcPermissionStore;
import io.vigil.server.store.jdbc.JdbcRegistryStore;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
import io.vigil.server.store.jdbc.JdbcUserStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** Every store of one fresh, migrated database: what a backend hands each contract test. */
public record StoreSet(TrackingStore tracking, RegistryStore registry, MonitorStore monitors, UserStore users,
    PermissionStore permissions, AuditStore audit) {

  /** The stores on {@code db}; closing {@link #tracking()} closes the database. */
  public static StoreSet on(Database db) throws Exception {
    Path dir = Files.createTempDirectory("vigil-store-test");
    dir.toFile().deleteOnExit();
    Clock clock = Clock.systemUTC();
    return new StoreSet(new JdbcTrackingStore(db, dir.resolve("artifacts").toString(), clock),
        new JdbcRegistryStore(db, clock), new JdbcMonitorStore(db, clock), new JdbcUserStore(db),
        new JdbcPermissionStore(db), new JdbcAuditStore(db));
  }

  /** The stores on a new SQLite file in a temporary folder. */
  public static StoreSet sqlite() throws Exception {
    Path dir = Files.createTempDirectory("vigil-sqlite-test");
    dir.toFile().deleteOnExit();
    return on(Database.openSqlite(dir.resolve("vigil.db")));
  }
}
