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
    List<EventLog.StoredPrediction> back = EventLog.readPredictions(EventLog.predictions(batch, java.util.Map.of("é", "dog")));
    assertThat(back).extracting(EventLog.StoredPrediction::prediction).containsExactlyElementsOf(batch);
    assertThat(back.get(0).features().get("city").asText()).isEqualTo("Oslo");
    assertThat(back.get(1).features()).isNull();
    assertThat(back).extracting(EventLog.StoredPrediction::outcome).containsExactly(null, "dog", null, null);
  }

  @Test
  void outcomes_roundTrip() {
    List<JoinIndex.LoggedOutcome> batch = List.of(new JoinIndex.LoggedOutcome(new Outcome("a", "1", null), false, 10),
        new JoinIndex.LoggedOutcome(new Outcome("b\t", "0.5", 1_767_225_600_000L), true, 1_767_225_700_000L));
    assertThat(EventLog.readOutcomes(EventLog.outcomes(batch))).containsExactly(
        new EventLog.StoredOutcome(new Outcome("a", "1", null), null),
        new EventLog.StoredOutcome(new Outcome("b\t", "0.5", 1_767_225_600_000L), 1_767_225_700_000L));
  }

  @Test
  void rowsWrittenByTheMigration_areRead() {
    // What V7's json_array(prediction_id, ts, model_version, json(features), prediction, json(scores)) writes.
    assertThat(EventLog.readPredictions("[[\"a\",10,\"v1\",{\"x\":1},\"1\",0.25],[\"b\",20,\"v1\",null,\"0\",null]]"))
        .extracting(EventLog.StoredPrediction::prediction)
        .containsExactly(new Prediction("a", 10, "v1", "{\"x\":1}", "1", "0.25"), new Prediction("b", 20, "v1", null, "0", null));
    // Outcomes that joined: json_array(prediction_id, outcome, outcome_time); waiting ones add the migration time.
    assertThat(EventLog.readOutcomes("[[\"a\",\"1\",5],[\"b\",\"0\",null,1000]]"))
        .containsExactly(new EventLog.StoredOutcome(new Outcome("a", "1", 5L), null),
            new EventLog.StoredOutcome(new Outcome("b", "0", null), 1000L));
  }
}
