package io.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.model.ErrorCode;
import io.vigil.model.VigilException;
import io.vigil.server.http.Json;
import io.vigil.server.monitor.MonitorService;
import io.vigil.server.monitor.Notifier;
import io.vigil.server.store.MonitorStore;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcMonitorStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ownership changes load or drop monitoring state; a server that lost it reloads from the log when it is back. */
class MonitoringOwnershipTest {
  static final long T0 = 1_767_225_600_000L;
  @TempDir Path dir;

  @Test
  void losingTheLock_dropsStateAndRefuses_regainingIt_reloadsFromTheLog() throws Exception {
    ManualClock clock = new ManualClock(T0);
    MonitorStore store = new JdbcMonitorStore(Database.openSqlite(dir.resolve("m.db")), clock, true);
    MonitorService monitors = new MonitorService(store, clock, new Notifier(store, clock), false);
    AtomicBoolean lock = new AtomicBoolean(false);
    AtomicBoolean released = new AtomicBoolean();
    try (MonitoringOwnership ownership = new MonitoringOwnership(monitors, lock::get, () -> released.set(true), "test lock")) {
      assertThat(ownership.refresh()).isFalse();
      assertRefused(monitors);

      lock.set(true);
      assertThat(ownership.refresh()).isTrue();
      monitors.putMonitor("m", Json.MAPPER.readTree("{\"task\":\"binary\",\"positive_label\":1}"));
      monitors.ingestPredictions("m", List.of(event("a")));

      lock.set(false); // e.g. the lock's connection broke
      assertThat(ownership.refresh()).isFalse();
      assertRefused(monitors);
      assertThat(monitors.latestValues()).isEmpty();

      lock.set(true);
      assertThat(ownership.refresh()).isTrue();
      assertThat(monitors.ingestPredictions("m", List.of(event("a"))).duplicates()).as("state reloaded").isEqualTo(1);
    }
    assertThat(released).isTrue();
  }

  private static void assertRefused(MonitorService monitors) {
    assertThat(monitors.active()).isFalse();
    assertThatThrownBy(monitors::requireActive).isInstanceOfSatisfying(VigilException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE));
  }

  private static JsonNode event(String id) throws Exception {
    return Json.MAPPER.readTree("{\"id\":\"" + id + "\",\"timestamp\":" + T0 + ",\"model_version\":\"1\",\"prediction\":1}");
  }
}
