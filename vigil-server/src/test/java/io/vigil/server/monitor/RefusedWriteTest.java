package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.http.Json;
import io.vigil.server.store.MonitorStore;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcMonitorStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch the store refuses leaves no trace: the model's state is rebuilt from what was stored. */
class RefusedWriteTest {
  static final long T0 = MonitorRoutesTest.T0;
  @TempDir Path dir;

  @Test
  void aRefusedBatch_isNeitherADuplicateNorJoinedLater() throws Exception {
    Database db = Database.openSqlite(dir.resolve("m.db"));
    MonitorStore real = new JdbcMonitorStore(db, new MutableClock(T0), true);
    AtomicBoolean refuse = new AtomicBoolean();
    // The real store, except that appendEvents fails while `refuse` is set (as on a full disk).
    MonitorStore store = (MonitorStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MonitorStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("appendEvents") && refuse.get()) throw new IllegalStateException("disk full");
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    MutableClock clock = new MutableClock(T0);
    MonitorService service = new MonitorService(store, clock, new Notifier(store, clock));
    service.putMonitor("m", Json.MAPPER.readTree("{\"task\":\"binary\",\"positive_label\":1}"));
    service.ingestPredictions("m", List.of(event("a")));

    refuse.set(true);
    assertThatThrownBy(() -> service.ingestPredictions("m", List.of(event("b")))).hasMessageContaining("disk full");
    refuse.set(false);

    assertThat(service.ingestPredictions("m", List.of(event("a"), event("b"))).stored()).as("only a was stored").isEqualTo(1);
    assertThat(service.ingestOutcomes("m", List.of(Json.MAPPER.readTree("{\"id\":\"b\",\"label\":1}"))).joined()).isEqualTo(1);
    service.tick();
    assertThat(service.windows("m", "prediction_count", "", T0, T0 + 1)).singleElement()
        .extracting(MonitorStore.WindowValue::value).isEqualTo(2.0);
    real.close();
  }

  private static JsonNode event(String id) throws Exception {
    return Json.MAPPER.readTree("{\"id\":\"" + id + "\",\"timestamp\":" + T0 + ",\"model_version\":\"1\",\"prediction\":1}");
  }
}
