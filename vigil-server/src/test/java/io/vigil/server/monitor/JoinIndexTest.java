package io.vigil.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.store.MonitorStore.Labelled;
import io.vigil.server.store.MonitorStore.Outcome;
import io.vigil.server.store.MonitorStore.Prediction;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinIndexTest {
  final JoinIndex index = new JoinIndex();

  static Prediction p(String id, long ts) {
    return new Prediction(id, ts, "v1", null, "1", null);
  }

  JoinIndex.PredictionsAdded predictions(Prediction... batch) {
    return index.addPredictions(List.of(batch));
  }

  JoinIndex.OutcomesAdded outcomes(Outcome... batch) {
    return index.addOutcomes(List.of(batch));
  }

  @Test
  void predictionIds_countOnce_inABatchAndAcrossBatches() {
    assertThat(predictions(p("a", 10), p("b", 20)).inserted()).hasSize(2);
    assertThat(predictions(p("b", 20), p("c", 30), p("c", 31)).inserted()).extracting(Prediction::id, Prediction::timestamp)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("c", 30L));
    assertThat(index.predictions()).isEqualTo(3);
  }

  @Test
  void outcomeBeforePrediction_waits_andJoinsWhenThePredictionArrives_lastWaitingOneWins() {
    JoinIndex.OutcomesAdded o = outcomes(new Outcome("a", "0", 5L), new Outcome("a", "1", 6L));
    assertThat(o.joined()).isEmpty();
    assertThat(o.waiting()).hasSize(2);
    assertThat(o.effective()).hasSize(2);
    assertThat(predictions(p("a", 10), p("b", 20)).joined()).containsExactly(new Labelled("a", 10, "v1", "1", "1"));
    assertThat(index.waiting()).isZero();
    assertThat(outcomes(new Outcome("a", "0", null)).joined()).as("a has its outcome").isEmpty();
  }

  @Test
  void outcomeAfterPrediction_joinsOnce_repeatsAreNotStored() {
    predictions(p("a", 10));
    JoinIndex.OutcomesAdded first = outcomes(new Outcome("a", "1", null), new Outcome("a", "0", null));
    assertThat(first.joined()).containsExactly(new Labelled("a", 10, "v1", "1", "1"));
    assertThat(first.effective()).extracting(Outcome::outcome).containsExactly("1");
    JoinIndex.OutcomesAdded again = outcomes(new Outcome("a", "0", null));
    assertThat(again.joined()).isEmpty();
    assertThat(again.waiting()).isEmpty();
    assertThat(again.effective()).isEmpty();
  }

  @Test
  void predictionTable_findsEveryId_throughGrowthAndEqualHashes() {
    JoinIndex.PredictionTable table = new JoinIndex.PredictionTable();
    // "Aa" and "BB" have the same String.hashCode, so do their concatenations.
    List<String> ids = new java.util.ArrayList<>(List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa", "é→", "x".repeat(256)));
    for (int i = 0; i < 20_000; i++) ids.add("id-" + i);
    for (int i = 0; i < ids.size(); i++) {
      assertThat(table.find(ids.get(i))).isEqualTo(-1);
      assertThat(table.add(new Prediction(ids.get(i), i, i % 2 == 0 ? "v1" : "v2", null, "label " + i, null))).isEqualTo(i);
    }
    for (int i = 0; i < ids.size(); i++) {
      int e = table.find(ids.get(i));
      assertThat(e).isNotNegative();
      assertThat(table.ts(e)).isEqualTo(i);
      assertThat(table.version(e)).isEqualTo(i % 2 == 0 ? "v1" : "v2");
      assertThat(table.prediction(e)).isEqualTo("label " + i);
    }
    assertThat(table.add(new Prediction("BB", 0, "v1", null, "x", null))).as("already there").isEqualTo(-1);
    assertThat(table.find("Ab")).isEqualTo(-1);
    assertThat(table.find("id-20000")).isEqualTo(-1);
    table.label(table.find("BB"));
    assertThat(table.labelled(table.find("BB"))).isTrue();
    assertThat(table.labelled(table.find("Aa"))).isFalse();
  }
}
