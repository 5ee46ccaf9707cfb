package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.store.MonitorStore.Outcome;
import io.vigil.server.store.MonitorStore.Prediction;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {
  @Test
  void predictions_roundTrip_withEscapesNullsAndEveryScoreShape() {
    List<Prediction> batch = List.of(
        new Prediction("a \"quoted\" \\ id\n", 1_767_225_600_000L, "v1", "{\"age\":30,\"city\":\"Oslo\"}", "1", "0.25"),
        new Prediction("é", -5, "v2", null, "cat", null),
        new Prediction("c", 7, "v1", "{\"x\":null}", "0", "{\"1\":0.5,\"0\":0.5}"),
        new Prediction("d", 8, "v1", null, "0", "[0.6,0.4]"));
    List<EventLog.StoredPrediction> back = EventLog.readPredictions(EventLog.predictions(batch));
    assertThat(back).extracting(EventLog.StoredPrediction::prediction).containsExactlyElementsOf(batch);
    assertThat(back.get(0).features().get("city").asText()).isEqualTo("Oslo");
    assertThat(back.get(1).features()).isNull();
  }

  @Test
  void outcomes_roundTrip() {
    List<Outcome> batch = List.of(new Outcome("a", "1", null), new Outcome("b\t", "0.5", 1_767_225_600_000L));
    assertThat(EventLog.readOutcomes(EventLog.outcomes(batch))).containsExactlyElementsOf(batch);
  }

  @Test
  void rowsWrittenByTheMigration_areRead() {
    // What V7's json_array(prediction_id, ts, model_version, json(features), prediction, json(scores)) writes.
    assertThat(EventLog.readPredictions("[[\"a\",10,\"v1\",{\"x\":1},\"1\",0.25],[\"b\",20,\"v1\",null,\"0\",null]]"))
        .extracting(EventLog.StoredPrediction::prediction)
        .containsExactly(new Prediction("a", 10, "v1", "{\"x\":1}", "1", "0.25"), new Prediction("b", 20, "v1", null, "0", null));
    assertThat(EventLog.readOutcomes("[[\"a\",\"1\",5],[\"b\",\"0\",null]]"))
        .containsExactly(new Outcome("a", "1", 5L), new Outcome("b", "0", null));
  }
}
