package io.vigil.server.monitor;

import io.vigil.server.store.MonitorStore.Labelled;
import io.vigil.server.store.MonitorStore.Outcome;
import io.vigil.server.store.MonitorStore.Prediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One model's predictions by id (what a duplicate or an outcome is matched against) and the
 * outcomes still waiting for their prediction, in memory and rebuilt from the event log (the caller
 * rebuilds it when a batch it added could not be stored). Semantics: a prediction id counts once (a retried batch is all duplicates); the
 * first outcome of a stored prediction counts and later ones are ignored; an outcome whose
 * prediction has not arrived waits (a later one for the same id replaces it) and joins when it does.
 */
final class JoinIndex {
  private final PredictionTable predictions = new PredictionTable();
  private final Map<String, Outcome> waiting = new HashMap<>();

  /** What a prediction batch changed: the new predictions, and the waiting outcomes they joined. */
  record PredictionsAdded(List<Prediction> inserted, List<Labelled> joined) {}

  /** What an outcome batch changed: the outcomes that joined, those that wait, and both in batch order (what is stored). */
  record OutcomesAdded(List<Labelled> joined, List<Outcome> waiting, List<Outcome> effective) {}

  PredictionsAdded addPredictions(List<Prediction> batch) {
    List<Prediction> inserted = new ArrayList<>(batch.size());
    List<Labelled> joined = new ArrayList<>();
    for (Prediction p : batch) {
      if (predictions.find(p.id()) >= 0) continue; // stored before, or earlier in this batch
      int e = predictions.add(p);
      inserted.add(p);
      Outcome o = waiting.isEmpty() ? null : waiting.remove(p.id());
      if (o != null) {
        predictions.label(e);
        joined.add(new Labelled(p.id(), p.timestamp(), p.modelVersion(), p.prediction(), o.outcome()));
      }
    }
    return new PredictionsAdded(inserted, joined);
  }

  OutcomesAdded addOutcomes(List<Outcome> batch) {
    List<Labelled> joined = new ArrayList<>(batch.size());
    List<Outcome> waits = new ArrayList<>();
    List<Outcome> effective = new ArrayList<>(batch.size());
    for (Outcome o : batch) {
      int e = predictions.find(o.id());
      if (e < 0) {
        waiting.put(o.id(), o);
        waits.add(o);
        effective.add(o);
      } else if (!predictions.labelled(e)) { // a repeated outcome (e.g. a retried batch) is ignored
        predictions.label(e);
        joined.add(new Labelled(o.id(), predictions.ts(e), predictions.version(e), predictions.prediction(e), o.outcome()));
        effective.add(o);
      }
    }
    return new OutcomesAdded(joined, waits, effective);
  }

  int predictions() {
    return predictions.size;
  }

  int waiting() {
    return waiting.size();
  }

  /**
   * Stored predictions in a few flat arrays rather than objects: ids and prediction values as chars
   * in one arena, an open-addressing table of entry numbers. Millions of entries cost the garbage
   * collector nothing to trace and about 40 bytes each plus the ids' characters.
   */
  static final class PredictionTable {
    private int[] table = new int[1024]; // entry + 1; 0 = free
    int size;
    private int[] hashes = new int[512];
    private int[] idStart = new int[512]; // the id's chars, then the prediction's, in the arena
    private short[] idLength = new short[512];
    private int[] predictionLength = new int[512];
    private long[] ts = new long[512];
    private int[] version = new int[512];
    private final java.util.BitSet labelled = new java.util.BitSet();
    private char[] chars = new char[8192];
    private int used;
    private final List<String> versions = new ArrayList<>();
    private final Map<String, Integer> versionNumbers = new HashMap<>();

    /** The entry of {@code id}, or -1. */
    int find(String id) {
      int h = id.hashCode();
      int mask = table.length - 1;
      for (int i = spread(h) & mask; table[i] != 0; i = (i + 1) & mask) {
        int e = table[i] - 1;
        if (hashes[e] == h && sameId(e, id)) return e;
      }
      return -1;
    }

    private boolean sameId(int e, String id) {
      int n = idLength[e];
      if (n != id.length()) return false;
      int from = idStart[e];
      for (int k = 0; k < n; k++) if (chars[from + k] != id.charAt(k)) return false;
      return true;
    }

    /** Adds a prediction whose id is not in the table; answers its entry. */
    int add(Prediction p) {
      if (size == hashes.length) grow();
      if ((size + 1) * 2 > table.length) rehash(table.length * 2);
      int e = size++;
      String id = p.id();
      String prediction = p.prediction();
      int need = id.length() + prediction.length();
      if (used + need > chars.length) growChars(need);
      idStart[e] = used;
      id.getChars(0, id.length(), chars, used);
      used += id.length();
      prediction.getChars(0, prediction.length(), chars, used);
      used += prediction.length();
      idLength[e] = (short) id.length();
      predictionLength[e] = prediction.length();
      hashes[e] = id.hashCode();
      ts[e] = p.timestamp();
      version[e] = versionNumbers.computeIfAbsent(p.modelVersion(), v -> {
        versions.add(v);
        return versions.size() - 1;
      });
      insert(e);
      return e;
    }

    private void growChars(int need) {
      long max = Integer.MAX_VALUE - 8;
      if (used + (long) need > max) throw new IllegalStateException("the prediction index of a model is full (2^31 characters of ids)");
      chars = java.util.Arrays.copyOf(chars, (int) Math.min(max, Math.max(chars.length * 2L, used + (long) need)));
    }

    private void insert(int e) {
      int mask = table.length - 1;
      int i = spread(hashes[e]) & mask;
      while (table[i] != 0) i = (i + 1) & mask;
      table[i] = e + 1;
    }

    private void grow() {
      int n = hashes.length * 2;
      hashes = java.util.Arrays.copyOf(hashes, n);
      idStart = java.util.Arrays.copyOf(idStart, n);
      idLength = java.util.Arrays.copyOf(idLength, n);
      predictionLength = java.util.Arrays.copyOf(predictionLength, n);
      ts = java.util.Arrays.copyOf(ts, n);
      version = java.util.Arrays.copyOf(version, n);
    }

    private void rehash(int capacity) {
      table = new int[capacity];
      for (int e = 0; e < size; e++) insert(e);
    }

    private static int spread(int h) {
      return (h ^ (h >>> 16)) * 0x9E3779B1;
    }

    long ts(int e) {
      return ts[e];
    }

    String version(int e) {
      return versions.get(version[e]);
    }

    String prediction(int e) {
      return new String(chars, idStart[e] + idLength[e], predictionLength[e]);
    }

    boolean labelled(int e) {
      return labelled.get(e);
    }

    void label(int e) {
      labelled.set(e);
    }
  }
}
