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
    return index.addPredictions(List.of(batch), Long.MIN_VALUE);
  }

  JoinIndex.OutcomesAdded outcomes(Outcome... batch) {
    return index.addOutcomes(List.of(batch), Long.MIN_VALUE, 0);
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
    assertThat(o.waiting()).isEqualTo(2);
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
    assertThat(first.effective()).extracting(l -> l.outcome().outcome(), JoinIndex.LoggedOutcome::waited, JoinIndex.LoggedOutcome::ts)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("1", false, 10L));
    JoinIndex.OutcomesAdded again = outcomes(new Outcome("a", "0", null));
    assertThat(again.joined()).isEmpty();
    assertThat(again.waiting()).isZero();
    assertThat(again.effective()).isEmpty();
  }

  @Test
  void horizon_predictionBeforeTheCutoffIsExpired_atTheCutoffIsStored() {
    JoinIndex.PredictionsAdded added = index.addPredictions(List.of(p("old", 99), p("edge", 100), p("new", 150)), 100);
    assertThat(added.inserted()).extracting(Prediction::id).containsExactly("edge", "new");
    assertThat(added.expired()).isEqualTo(1);
    assertThat(index.predictions()).isEqualTo(2);
  }

  @Test
  void horizon_outcomeJoinsAPredictionJustInside_notOneJustOutside() {
    index.addPredictions(List.of(p("a", 99), p("b", 100)), 0);
    // The cutoff moved past a (not yet compacted away): its outcome is expired, b's joins.
    JoinIndex.OutcomesAdded o = index.addOutcomes(List.of(new Outcome("a", "1", null), new Outcome("b", "1", null)), 100, 500);
    assertThat(o.joined()).extracting(Labelled::id).containsExactly("b");
    assertThat(o.expired()).isEqualTo(1);
    assertThat(o.waiting()).isZero();
    assertThat(o.effective()).extracting(l -> l.outcome().id()).containsExactly("b");
  }

  @Test
  void horizon_waitingOutcomeExpires_onAdvanceOrWhenItsPredictionComesTooLate() {
    JoinIndex.OutcomesAdded o = index.addOutcomes(List.of(new Outcome("a", "1", null)), 0, 50);
    assertThat(o.effective()).extracting(JoinIndex.LoggedOutcome::waited, JoinIndex.LoggedOutcome::ts)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(true, 50L));
    index.addOutcomes(List.of(new Outcome("b", "1", null)), 0, 60);
    // a arrived at 50, before the cutoff 55: its prediction no longer joins it.
    assertThat(index.addPredictions(List.of(p("a", 70)), 55).joined()).isEmpty();
    assertThat(index.addPredictions(List.of(p("b", 70)), 55).joined()).extracting(Labelled::id).containsExactly("b");
    index.addOutcomes(List.of(new Outcome("c", "1", null)), 0, 80);
    index.advance(81);
    assertThat(index.waiting()).isZero();
  }

  @Test
  void horizon_advanceCompactsOnceAQuarterExpired_keepingLabelsAndIds() {
    for (int i = 0; i < 100; i++) index.addPredictions(List.of(p("id-" + i, i)), 0);
    index.addOutcomes(List.of(new Outcome("id-90", "0", null)), 0, 0);
    index.advance(20); // a fifth expired: not worth a rebuild yet
    assertThat(index.predictions()).isEqualTo(100);
    index.advance(30);
    assertThat(index.predictions()).isEqualTo(70);
    assertThat(index.addPredictions(List.of(p("id-50", 50)), 0).inserted()).as("still known").isEmpty();
    JoinIndex.OutcomesAdded o = index.addOutcomes(List.of(new Outcome("id-90", "1", null), new Outcome("id-91", "1", null)), 0, 0);
    assertThat(o.joined()).as("id-90 kept its label").extracting(Labelled::id).containsExactly("id-91");
    assertThat(index.cutoff(0)).isEqualTo(30);
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
