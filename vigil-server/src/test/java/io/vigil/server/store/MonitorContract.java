package io.vigil.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.store.MonitorStore.AlertEvent;
import io.vigil.server.store.MonitorStore.AlertState;
import io.vigil.server.store.MonitorStore.EventBatch;
import io.vigil.server.store.MonitorStore.EventKind;
import io.vigil.server.store.MonitorStore.WindowValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Monitoring storage: definitions, the event log of ingested batches, window values, alerts. */
public abstract class MonitorContract extends StoreContract {
  protected MonitorStore monitors;


  @BeforeEach
  void openMonitorStore() throws Exception {
    monitors = stores.monitors();
    monitors.putMonitor("m", "{\"task\":\"binary\"}");
  }

  private static final EventKind P = EventKind.PREDICTIONS;
  private static final EventKind O = EventKind.OUTCOMES;

  private List<EventBatch> log(String model) {
    List<EventBatch> seen = new ArrayList<>();
    monitors.scanEvents(model, Long.MIN_VALUE, seen::add);
    return seen;
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
    monitors.appendEvents("m", 0, P, 1, 0, 0, "[[\"a\",10,\"v1\",null,\"1\",null]]");
    assertThat(monitors.deleteMonitor("m")).isTrue();
    assertThat(monitors.deleteMonitor("m")).isFalse();
    assertThat(monitors.monitor("m")).isEmpty();
    assertThat(log("m")).isEmpty();
  }

  @Test
  void appendEvents_scansEachModelsBatchesInSequenceOrder() {
    monitors.appendEvents("m", 1, O, 1, 0, 0, "[3]"); // written before batch 0: concurrent requests commit in any order
    monitors.appendEvents("m", 0, P, 2, 0, 0, "[1,2]");
    monitors.appendEvents("other", 0, O, 1, 0, 0, "[\"x\"]");
    String big = "[" + "\"é→\\\\\",".repeat(50_000) + "0]"; // one row, whatever the size; text kept exactly
    monitors.appendEvents("m", 7, P, 50_001, 0, 0, big);
    assertThat(log("m")).containsExactly(new EventBatch(0, P, 2, "[1,2]"), new EventBatch(1, O, 1, "[3]"),
        new EventBatch(7, P, 50_001, big));
    assertThat(log("other")).containsExactly(new EventBatch(0, O, 1, "[\"x\"]"));
  }

  @Test
  void scanEvents_fromATimeSkipsBatchesThatEndBeforeIt_andRetentionDeletesThem() {
    monitors.appendEvents("m", 0, P, 1, 100, 199, "[0]");
    monitors.appendEvents("m", 1, O, 1, 150, 300, "[1]");
    monitors.appendEvents("m", 2, P, 1, 200, 250, "[2]");
    monitors.appendEvents("other", 0, P, 1, 0, 10, "[\"x\"]");
    List<Long> seqs = new ArrayList<>();
    monitors.scanEvents("m", 200, b -> seqs.add(b.seq()));
    assertThat(seqs).containsExactly(1L, 2L); // batch 0 ends at 199; batch 1 started earlier but ends later
    assertThat(monitors.deleteEventsBefore("m", 251)).isEqualTo(2);
    assertThat(log("m")).extracting(EventBatch::seq).containsExactly(1L);
    assertThat(log("other")).hasSize(1); // another model's log is untouched
    assertThat(monitors.deleteEventsBefore("m", 251)).isZero();
    assertThat(monitors.lastEventSeq("m")).isEqualTo(1);
    assertThat(monitors.lastEventSeq("none")).isEqualTo(-1);
  }

  @Test
  void firstWindowStart_ofASeries() {
    assertThat(monitors.firstWindowStart("m", "prediction_count", "")).isEmpty();
    monitors.putWindowValues("m", List.of(new WindowValue("prediction_count", "", 20, 30, 1),
        new WindowValue("prediction_count", "", 10, 20, 2), new WindowValue("prediction_count", "v1", 0, 10, 3),
        new WindowValue("accuracy", "", -10, 0, 0.5)));
    assertThat(monitors.firstWindowStart("m", "prediction_count", "")).contains(10L);
    assertThat(monitors.firstWindowStart("other", "prediction_count", "")).isEmpty();
  }

  @Test
  void appendEvents_refusesASequenceNumberTwice() {
    monitors.appendEvents("m", 0, P, 1, 0, 0, "[1]");
    assertThatThrownBy(() -> monitors.appendEvents("m", 0, P, 1, 0, 0, "[2]")).isInstanceOf(RuntimeException.class);
    assertThat(log("m")).containsExactly(new EventBatch(0, P, 1, "[1]"));
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
