package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.model.VigilException;
import io.vigil.server.http.Json;
import io.vigil.server.store.MonitorStore;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcMonitorStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label horizon bounds what a monitor keeps: with 1h windows and a 2h horizon, the horizon
 * starts at the start of the window holding now − 2h. Time is a test clock; nothing sleeps.
 */
class LabelHorizonTest {
  static final long H = 3_600_000L;
  static final long M = 60_000L;
  static final long T0 = MonitorRoutesTest.T0; // on an hour boundary
  static final String DEF = "{\"task\":\"binary\",\"positive_label\":1,\"window\":\"1h\",\"label_horizon\":\"2h\"}";
  @TempDir Path dir;
  final MutableClock clock = new MutableClock(T0);
  MonitorStore real;
  /** Batches the last start-up read from the log. */
  final AtomicInteger scanned = new AtomicInteger();
  MonitorService service;

  @BeforeEach
  void open() throws Exception {
    real = new JdbcMonitorStore(Database.openSqlite(dir.resolve("m.db")), clock, true);
    service = start();
    service.putMonitor("m", Json.MAPPER.readTree(DEF));
  }

  @AfterEach
  void close() {
    real.close();
  }

  /** A service on the same database, counting the batches its start-up scans. */
  @SuppressWarnings("unchecked")
  MonitorService start() {
    scanned.set(0);
    MonitorStore counting = (MonitorStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MonitorStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("scanEvents")) {
            Consumer<MonitorStore.EventBatch> sink = (Consumer<MonitorStore.EventBatch>) args[2];
            args[2] = (Consumer<MonitorStore.EventBatch>) b -> {
              scanned.incrementAndGet();
              sink.accept(b);
            };
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return new MonitorService(counting, clock, new Notifier(counting, clock));
  }

  static JsonNode prediction(String id, long ts, int label) throws Exception {
    return Json.MAPPER.readTree("{\"id\":\"" + id + "\",\"timestamp\":" + ts + ",\"model_version\":\"1\",\"prediction\":" + label + "}");
  }

  static JsonNode outcome(String id, int label) throws Exception {
    return Json.MAPPER.readTree("{\"id\":\"" + id + "\",\"label\":" + label + "}");
  }

  MonitorService.Ingested predict(JsonNode... events) {
    return service.ingestPredictions("m", List.of(events));
  }

  MonitorService.Ingested label(JsonNode... events) {
    return service.ingestOutcomes("m", List.of(events));
  }

  double window(String metric, long start) {
    List<MonitorStore.WindowValue> v = service.windows("m", metric, "", start, start + 1);
    return v.isEmpty() ? Double.NaN : v.get(0).value();
  }

  List<Long> log() {
    List<Long> seqs = new ArrayList<>();
    real.scanEvents("m", Long.MIN_VALUE, b -> seqs.add(b.seq()));
    return seqs;
  }

  @Test
  void definition_defaultsTo30d_roundTrips_andIsValidated() throws Exception {
    MonitorDefinition plain = MonitorDefinition.parse(Json.MAPPER.readTree("{\"task\":\"binary\",\"positive_label\":1}"));
    assertThat(plain.labelHorizon()).isEqualTo("30d");
    assertThat(plain.labelHorizonMs()).isEqualTo(30 * 24 * H);
    MonitorDefinition def = service.monitor("m");
    assertThat(def.toJson().get("label_horizon").asText()).isEqualTo("2h");
    assertThat(def.toJson().get("label_horizon_ms").asLong()).isEqualTo(2 * H);
    assertThat(MonitorDefinition.parse(def.toJson())).isEqualTo(def);
    assertThatThrownBy(() -> MonitorDefinition.parse(Json.MAPPER.readTree("{\"task\":\"regression\",\"label_horizon\":\"soon\"}")))
        .isInstanceOf(VigilException.class).hasMessageContaining("label_horizon");
    assertThatThrownBy(() -> MonitorDefinition.parse(Json.MAPPER.readTree(
        "{\"task\":\"regression\",\"window\":\"1d\",\"label_horizon\":\"12h\"}")))
        .isInstanceOf(VigilException.class).hasMessageContaining("label_horizon").hasMessageContaining("at least one window");
  }

  @Test
  void predictionOlderThanTheHorizon_isExpired_andItsStoredWindowKeepsItsValue() throws Exception {
    clock.set(T0 + 10 * M); // horizon starts at T0 - 2h
    MonitorService.Ingested r = predict(prediction("edge", T0 - 2 * H, 1), prediction("old", T0 - 2 * H - 1, 1));
    assertThat(r.stored()).isEqualTo(1);
    assertThat(r.expired()).isEqualTo(1);
    assertThat(r.duplicates()).isZero();
    assertThat(r.toJson().get("expired").asInt()).isEqualTo(1);
    service.tick();
    assertThat(window("prediction_count", T0 - 2 * H)).isEqualTo(1.0);

    clock.set(T0 + H + 10 * M); // horizon starts at T0 - 1h: the window of "edge" is final
    service.tick();
    r = predict(prediction("late", T0 - 2 * H + 5, 1));
    assertThat(r.expired()).isEqualTo(1);
    assertThat(r.stored()).isZero();
    service.tick();
    assertThat(window("prediction_count", T0 - 2 * H)).as("not overwritten by partial state").isEqualTo(1.0);
  }

  @Test
  void outcome_joinsAPredictionJustInsideTheHorizon_notOneJustOutside() throws Exception {
    predict(prediction("a", T0 - H, 1), prediction("b", T0 - H + 1, 1), prediction("c", T0, 1));
    clock.set(T0 + H + 59 * M); // horizon starts at T0 - 1h: a and b are just inside
    assertThat(label(outcome("a", 1)).joined()).isEqualTo(1);
    clock.set(T0 + 2 * H); // horizon starts at T0: b is just outside, c just inside
    MonitorService.Ingested r = label(outcome("b", 0), outcome("c", 0));
    assertThat(r.joined()).isEqualTo(1);
    assertThat(r.expired()).isEqualTo(1);
    assertThat(r.pending()).isZero();
    service.tick();
    assertThat(window("labelled_count", T0 - H)).isEqualTo(1.0);
    assertThat(window("accuracy", T0 - H)).isEqualTo(1.0);
    assertThat(window("accuracy", T0)).isEqualTo(0.0);
  }

  @Test
  void waitingOutcome_isDroppedOnceItArrivedBeforeTheHorizon() throws Exception {
    assertThat(label(outcome("w", 1), outcome("v", 1)).pending()).isEqualTo(2);
    clock.set(T0 + 2 * H + 59 * M); // horizon starts at T0: both still wait
    assertThat(predict(prediction("v", T0 + 2 * H, 1)).joined()).isEqualTo(1);
    clock.set(T0 + 3 * H); // horizon starts at T0 + 1h: w arrived before it
    service.tick();
    MonitorService.Ingested r = predict(prediction("w", T0 + 3 * H, 1));
    assertThat(r.stored()).isEqualTo(1);
    assertThat(r.joined()).isZero();
    service = start(); // nor does the replayed log bring it back
    assertThat(label(outcome("w", 0)).joined()).isEqualTo(1);
  }

  @Test
  void startUp_replaysOnlyBatchesInsideTheHorizon_andNumbersOnAfterTheHighestBatch() throws Exception {
    clock.set(T0 + 30 * M);
    predict(prediction("recent", T0 + 10 * M, 1)); // seq 0
    predict(prediction("old", T0 - 2 * H, 0)); // seq 1: inside the horizon now
    service.tick();
    assertThat(window("prediction_count", T0 - 2 * H)).isEqualTo(1.0);

    clock.set(T0 + H + 30 * M); // horizon starts at T0 - 1h: seq 1 is past it (no tick: still stored)
    service = start();
    assertThat(scanned.get()).isEqualTo(1);
    assertThat(log()).containsExactly(0L, 1L);
    assertThat(predict(prediction("recent", T0 + 10 * M, 1)).duplicates()).isEqualTo(1);
    assertThat(predict(prediction("old", T0 - 2 * H, 0)).expired()).isEqualTo(1);
    assertThat(predict(prediction("new", T0 + 20 * M, 1)).stored()).as("numbered 2, not 1").isEqualTo(1);
    assertThat(log()).containsExactly(0L, 1L, 2L);
    service.tick();
    assertThat(window("prediction_count", T0)).isEqualTo(2.0);
    assertThat(window("prediction_count", T0 - 2 * H)).as("kept, not recomputed").isEqualTo(1.0);
  }

  @Test
  void retention_deletesBatchesPastTheHorizon_windowsKeepTheirValues_andJoinsSurvive() throws Exception {
    assertThat(label(outcome("x", 1)).pending()).isEqualTo(1); // seq 0, arrived at T0
    predict(prediction("y", T0 + 5 * M, 1)); // seq 1
    label(outcome("y", 0)); // seq 2
    clock.set(T0 + H + 50 * M); // horizon starts at T0 - 1h
    predict(prediction("x", T0 + H + 50 * M, 1)); // seq 3: joins x, which waited since T0
    service.tick();
    assertThat(window("accuracy", T0)).isEqualTo(0.0);
    assertThat(log()).containsExactly(0L, 1L, 2L, 3L);

    clock.set(T0 + 3 * H + 30 * M); // horizon starts at T0 + 1h: the window of y is final
    service.tick();
    assertThat(log()).as("x's outcome batch went; the join is kept with its prediction").containsExactly(3L);
    assertThat(window("prediction_count", T0)).isEqualTo(1.0);
    assertThat(window("accuracy", T0)).isEqualTo(0.0);

    service = start();
    assertThat(scanned.get()).isEqualTo(1);
    service.tick();
    assertThat(window("labelled_count", T0 + H)).isEqualTo(1.0);
    assertThat(window("accuracy", T0 + H)).isEqualTo(1.0);
    assertThat(window("accuracy", T0)).isEqualTo(0.0);
    assertThat(label(outcome("x", 0)).duplicates()).as("x has its outcome").isEqualTo(1);
  }
}
