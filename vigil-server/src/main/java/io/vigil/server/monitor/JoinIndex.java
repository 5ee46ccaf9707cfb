package io.vigil.server.monitor;

import io.vigil.server.store.MonitorStore.Labelled;
import io.vigil.server.store.MonitorStore.Outcome;
import io.vigil.server.store.MonitorStore.Prediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One model's predictions by id (what a duplicate or an outcome is matched against) and the
 * outcomes still waiting for their prediction, in memory and rebuilt from the event log. A batch is
 * first planned (nothing changes), then stored, then applied: a batch the store refuses leaves the
 * index as it was. Semantics: a prediction id counts once (a retried batch is all duplicates); the
 * first outcome of a stored prediction counts and later ones are ignored; an outcome whose
 * prediction has not arrived waits (a later one for the same id replaces it) and joins when it does.
 */
final class JoinIndex {
  /** What a stored prediction contributes to a join; {@code labelled} once its outcome counted. */
  private static final class Stored {
    final long ts;
    final String version;
    final String prediction;
    boolean labelled;

    Stored(long ts, String version, String prediction) {
      this.ts = ts;
      this.version = version;
      this.prediction = prediction;
    }
  }

  private final Map<String, Stored> predictions = new HashMap<>();
  private final Map<String, Outcome> waiting = new HashMap<>();

  /** A planned prediction batch: the new predictions, and the waiting outcomes they join. */
  record PredictionPlan(List<Prediction> inserted, List<Labelled> joined) {}

  /** A planned outcome batch: the outcomes that join, those that wait, and both in batch order (what is stored). */
  record OutcomePlan(List<Labelled> joined, List<Outcome> waiting, List<Outcome> effective) {}

  PredictionPlan planPredictions(List<Prediction> batch) {
    List<Prediction> inserted = new ArrayList<>(batch.size());
    List<Labelled> joined = new ArrayList<>();
    Set<String> inBatch = new HashSet<>(batch.size() * 2);
    for (Prediction p : batch) {
      if (predictions.containsKey(p.id()) || !inBatch.add(p.id())) continue;
      inserted.add(p);
      Outcome o = waiting.isEmpty() ? null : waiting.get(p.id());
      if (o != null) joined.add(new Labelled(p.id(), p.timestamp(), p.modelVersion(), p.prediction(), o.outcome()));
    }
    return new PredictionPlan(inserted, joined);
  }

  void apply(PredictionPlan plan) {
    for (Prediction p : plan.inserted()) predictions.put(p.id(), new Stored(p.timestamp(), p.modelVersion(), p.prediction()));
    for (Labelled l : plan.joined()) {
      predictions.get(l.id()).labelled = true;
      waiting.remove(l.id());
    }
  }

  OutcomePlan planOutcomes(List<Outcome> batch) {
    List<Labelled> joined = new ArrayList<>(batch.size());
    List<Outcome> waits = new ArrayList<>();
    List<Outcome> effective = new ArrayList<>(batch.size());
    Set<String> joinedNow = null;
    for (Outcome o : batch) {
      Stored s = predictions.get(o.id());
      if (s == null) {
        waits.add(o);
        effective.add(o);
        continue;
      }
      if (s.labelled) continue; // a repeated outcome (e.g. a retried batch) is ignored
      if (joinedNow == null) joinedNow = new HashSet<>(batch.size() * 2);
      if (!joinedNow.add(o.id())) continue;
      joined.add(new Labelled(o.id(), s.ts, s.version, s.prediction, o.outcome()));
      effective.add(o);
    }
    return new OutcomePlan(joined, waits, effective);
  }

  void apply(OutcomePlan plan) {
    for (Labelled l : plan.joined()) predictions.get(l.id()).labelled = true;
    for (Outcome o : plan.waiting()) waiting.put(o.id(), o);
  }

  int predictions() {
    return predictions.size();
  }

  int waiting() {
    return waiting.size();
  }
}
