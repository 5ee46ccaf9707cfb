package io.vigil.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.store.MonitorStore.AlertEvent;
import io.vigil.server.store.MonitorStore.AlertState;
import io.vigil.server.store.MonitorStore.Labelled;
import io.vigil.server.store.MonitorStore.Outcome;
import io.vigil.server.store.MonitorStore.Prediction;
import io.vigil.server.store.MonitorStore.WindowValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Monitoring storage: definitions, predictions joined with outcomes in either order, window values, alerts. */
public abstract class MonitorContract extends StoreContract {
  protected MonitorStore monitors;


  @BeforeEach
  void openMonitorStore() throws Exception {
    monitors = stores.monitors();
    monitors.putMonitor("m", "{\"task\":\"binary\"}");
  }

  private static Prediction p(String id, long ts) {
    return new Prediction(id, ts, "v1", "{\"x\":1}", "1", null);
  }

  @Test
  void putMonitor_createsThenReplaces() {
    assertThat(monitors.putMonitor("other", "{\"a\":1}")).isTrue();
    assertThat(monitors.putMonitor("other", "{\"a\":2}")).isFalse();
    assertThat(monitors.monitor("other").orElseThrow().definitionJson()).isEqualTo("{\"a\":2}");
    assertThat(monitors.monitors()).extracting(MonitorStore.StoredMonitor::model).containsExactly("m", "other");
  }

  @Test
  void deleteMonitor_removesItsData() {
    monitors.insertPredictions("m", List.of(p("a", 10)));
    assertThat(monitors.deleteMonitor("m")).isTrue();
    assertThat(monitors.deleteMonitor("m")).isFalse();
    assertThat(monitors.monitor("m")).isEmpty();
    List<Labelled> seen = new ArrayList<>();
    monitors.scanPredictions("m", seen::add);
    assertThat(seen).isEmpty();
  }

  @Test
  void insertPredictions_skipsIdsAlreadyStored() {
    assertThat(monitors.insertPredictions("m", List.of(p("a", 10), p("b", 20))).inserted()).hasSize(2);
    var again = monitors.insertPredictions("m", List.of(p("b", 20), p("c", 30), p("c", 30)));
    assertThat(again.inserted()).extracting(Prediction::id).containsExactly("c");
  }

  @Test
  void outcomeBeforePrediction_isJoinedWhenThePredictionArrives() {
    var r = monitors.insertOutcomes("m", List.of(new Outcome("a", "0", 5L)));
    assertThat(r.joined()).isEmpty();
    assertThat(r.pending()).isEqualTo(1);
    var p = monitors.insertPredictions("m", List.of(p("a", 10), p("b", 20)));
    assertThat(p.joined()).containsExactly(new Labelled("a", 10, "v1", "1", "0"));
    List<Labelled> seen = new ArrayList<>();
    monitors.scanPredictions("m", seen::add);
    assertThat(seen).extracting(Labelled::outcome).containsExactlyInAnyOrder("0", null);
  }

  @Test
  void scanScores_streamsScoredPredictionsOnly() {
    monitors.insertPredictions("m", List.of(new Prediction("a", 10, "v1", null, "1", "0.25"), p("b", 20),
        new Prediction("c", 30, "v2", null, "0", "{\"1\":0.5}")));
    List<MonitorStore.Scored> seen = new ArrayList<>();
    monitors.scanScores("m", seen::add);
    assertThat(seen).containsExactlyInAnyOrder(new MonitorStore.Scored(10, "v1", "0.25"),
        new MonitorStore.Scored(30, "v2", "{\"1\":0.5}"));
  }

  @Test
  void outcomeAfterPrediction_joinsOnce() {
    monitors.insertPredictions("m", List.of(p("a", 10)));
    assertThat(monitors.insertOutcomes("m", List.of(new Outcome("a", "1", null))).joined())
        .containsExactly(new Labelled("a", 10, "v1", "1", "1"));
    var again = monitors.insertOutcomes("m", List.of(new Outcome("a", "0", null)));
    assertThat(again.joined()).isEmpty();
    assertThat(again.pending()).isZero();
  }

  @Test
  void scanFeatures_fromATime() {
    monitors.insertPredictions("m", List.of(p("a", 10), p("b", 20), new Prediction("c", 30, "v1", null, "0", null)));
    List<MonitorStore.Features> seen = new ArrayList<>();
    monitors.scanFeatures("m", 15, seen::add);
    assertThat(seen).containsExactly(new MonitorStore.Features(20, "{\"x\":1}"));
  }

  @Test
  void windowValues_upsertAndKeepNaN() {
    monitors.putWindowValues("m", List.of(new WindowValue("accuracy", "", 0, 10, 0.5),
        new WindowValue("accuracy", "", 10, 20, Double.NaN), new WindowValue("accuracy", "v1", 0, 10, 0.4)));
    monitors.putWindowValues("m", List.of(new WindowValue("accuracy", "", 0, 10, 0.75)));
    var all = monitors.windowValues("m", "accuracy", "", Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(all).extracting(WindowValue::value).containsExactly(0.75, Double.NaN);
    assertThat(monitors.windowValues("m", "accuracy", null, 0, 10)).hasSize(2);
    assertThat(monitors.latestWindowValues("m")).extracting(WindowValue::modelVersion, WindowValue::windowStart)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("", 10L), org.assertj.core.groups.Tuple.tuple("v1", 0L));
  }

  @Test
  void alertStateAndHistory_roundTrip() {
    assertThat(monitors.alertState("m", "r")).isEmpty();
    monitors.saveAlertState("m", new AlertState("r", "pending", 1, 100, null, 5));
    monitors.saveAlertState("m", new AlertState("r", "firing", 2, 200, 999L, 6));
    assertThat(monitors.alertState("m", "r")).contains(new AlertState("r", "firing", 2, 200, 999L, 6));
    long a = monitors.appendAlertEvent("m", new AlertEvent(0, "r", "firing", 100, 0.5, 7, "queued"));
    long b = monitors.appendAlertEvent("m", new AlertEvent(0, "r", "resolved", 200, Double.NaN, 8, "none"));
    monitors.setNotification(a, "sent");
    assertThat(monitors.alertEvents("m", 10)).extracting(AlertEvent::id, AlertEvent::notification)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(b, "none"), org.assertj.core.groups.Tuple.tuple(a, "sent"));
  }

  @Test
  void reference_isReplaced() {
    monitors.putReference("m", "{\"columns\":{}}", 0);
    monitors.putReference("m", "{\"columns\":{\"x\":[1]}}", 1);
    assertThat(monitors.reference("m")).contains("{\"columns\":{\"x\":[1]}}");
  }
}
