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
 * rebuilds it when a batch it added could not be stored). Semantics: a prediction id counts once (a
 * retried batch is all duplicates); the first outcome of a stored prediction counts and later ones
 * are ignored; an outcome whose prediction has not arrived waits (a later one for the same id
 * replaces it) and joins when it does.
 *
 * <p>The label horizon bounds it: given a cutoff (the start of the horizon), a prediction older than
 * the cutoff is expired (neither stored nor joined), an outcome for one is expired, and an outcome
 * that arrived before the cutoff no longer waits. {@link #advance} drops what the cutoff passed; the
 * table is rebuilt only when a quarter of it has expired, so the cost is amortised over many windows.
 */
final class JoinIndex {
  private PredictionTable predictions = new PredictionTable();
  private final Map<String, Waiting> waiting = new HashMap<>();
  private long cutoff = Long.MIN_VALUE;

  /** An outcome waiting for its prediction since {@code arrival} (server clock). */
  record Waiting(Outcome outcome, long arrival) {}

  /** What a prediction batch changed: the new predictions, the waiting outcomes they joined, how many were expired. */
  record PredictionsAdded(List<Prediction> inserted, List<Labelled> joined, int expired) {}

  /**
   * An outcome as logged: {@code waited} when it waits for its prediction, and its event time: the
   * joined prediction's timestamp, or the arrival time of a waiting one.
   */
  record LoggedOutcome(Outcome outcome, boolean waited, long ts) {}

  /** What an outcome batch changed: outcomes that joined, those that wait, both in batch order (what is logged), expired ones. */
  record OutcomesAdded(List<Labelled> joined, int waiting, List<LoggedOutcome> effective, int expired) {}

  /** The start of the horizon in effect: the later of {@code cutoff} and the one the index advanced to. */
  long cutoff(long cutoff) {
    return Math.max(cutoff, this.cutoff);
  }

  PredictionsAdded addPredictions(List<Prediction> batch, long cutoff) {
    cutoff = cutoff(cutoff);
    List<Prediction> inserted = new ArrayList<>(batch.size());
    List<Labelled> joined = new ArrayList<>();
    int expired = 0;
    for (Prediction p : batch) {
      if (p.timestamp() < cutoff) {
        expired++;
        continue;
      }
      int e = predictions.add(p);
      if (e < 0) continue; // stored before, or earlier in this batch
      inserted.add(p);
      Waiting w = waiting.isEmpty() ? null : waiting.remove(p.id());
      if (w != null && w.arrival() >= cutoff) {
        predictions.label(e);
        joined.add(new Labelled(p.id(), p.timestamp(), p.modelVersion(), p.prediction(), w.outcome().outcome()));
      }
    }
    return new PredictionsAdded(inserted, joined, expired);
  }

  /** Outcomes that arrived at {@code now}. */
  OutcomesAdded addOutcomes(List<Outcome> batch, long cutoff, long now) {
    cutoff = cutoff(cutoff);
    List<Labelled> joined = new ArrayList<>(batch.size());
    List<LoggedOutcome> effective = new ArrayList<>(batch.size());
    int waits = 0;
    int expired = 0;
    for (Outcome o : batch) {
      int e = predictions.find(o.id());
      if (e < 0) {
        waiting.put(o.id(), new Waiting(o, now));
        waits++;
        effective.add(new LoggedOutcome(o, true, now));
      } else if (predictions.ts(e) < cutoff) {
        expired++; // its prediction is past the horizon (and not yet compacted away)
      } else if (!predictions.labelled(e)) { // a repeated outcome (e.g. a retried batch) is ignored
        predictions.label(e);
        long ts = predictions.ts(e);
        joined.add(new Labelled(o.id(), ts, predictions.version(e), predictions.prediction(e), o.outcome()));
        effective.add(new LoggedOutcome(o, false, ts));
      }
    }
    return new OutcomesAdded(joined, waits, effective, expired);
  }

  /**
   * Replays a logged outcome that joined when it was ingested: joins it again when its prediction is
   * still here (it may have expired since, and then it is dropped).
   */
  Labelled replayJoined(Outcome o) {
    int e = predictions.find(o.id());
    if (e < 0 || predictions.ts(e) < cutoff || predictions.labelled(e)) return null;
    predictions.label(e);
    return new Labelled(o.id(), predictions.ts(e), predictions.version(e), predictions.prediction(e), o.outcome());
  }

  /** Replays a logged outcome that waited since {@code arrival} (dropped when that is before the cutoff). */
  void replayWaiting(Outcome o, long arrival) {
    if (arrival >= cutoff) waiting.put(o.id(), new Waiting(o, arrival));
  }

  /**
   * Moves the start of the horizon to {@code cutoff} (never back): waiting outcomes that arrived
   * before it are dropped, and the predictions before it are dropped once they are a quarter of the
   * table (so memory stays within 4/3 of what the horizon holds, and the rebuild is amortised).
   */
  void advance(long cutoff) {
    if (cutoff <= this.cutoff) return;
    this.cutoff = cutoff;
    if (!waiting.isEmpty()) waiting.values().removeIf(w -> w.arrival() < cutoff);
    if (predictions.countBefore(cutoff) * 4L > predictions.size) predictions = predictions.retain(cutoff);
  }

  int predictions() {
    return predictions.size;
  }

  int waiting() {
    return waiting.size();
  }

  /**
   * Stored predictions in a few flat arrays rather than objects: ids and prediction values as chars
   * in one arena, an open-addressing table of (id hash, entry number). Millions of entries cost the garbage
   * collector nothing to trace and about 50 bytes each plus 2 per character of id and prediction.
   */
  static final class PredictionTable {
    /** Per slot: the id's hash in the high half, entry + 1 in the low half; 0 = free. */
    private long[] table = new long[1024];
    int size;
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
      int slot = slot(id);
      return slot < 0 ? (int) table[-slot - 1] - 1 : -1;
    }

    /** The slot holding {@code id} as -(slot + 1), or the free slot where it would go. */
    private int slot(String id) {
      int h = id.hashCode();
      int mask = table.length - 1;
      for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
        long t = table[i];
        if (t == 0) return i;
        // The hash is compared first, in the slot itself: most probes touch no other array.
        if ((int) (t >>> 32) == h && sameId((int) t - 1, id)) return -i - 1;
      }
    }

    private boolean sameId(int e, String id) {
      int n = idLength[e];
      if (n != id.length()) return false;
      int from = idStart[e];
      for (int k = 0; k < n; k++) if (chars[from + k] != id.charAt(k)) return false;
      return true;
    }

    /** Adds a prediction unless its id is in the table; answers its entry, or -1 when the id was there. */
    int add(Prediction p) {
      String id = p.id();
      int slot = slot(id);
      if (slot < 0) return -1;
      if (size == ts.length) grow();
      int e = size++;
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
      ts[e] = p.timestamp();
      Integer v = versionNumbers.get(p.modelVersion());
      if (v == null) {
        v = versions.size();
        versions.add(p.modelVersion());
        versionNumbers.put(p.modelVersion(), v);
      }
      version[e] = v;
      table[slot] = (long) id.hashCode() << 32 | (e + 1L);
      if (size * 2 > table.length) rehash(table.length * 2);
      return e;
    }

    private void growChars(int need) {
      long max = Integer.MAX_VALUE - 8;
      if (used + (long) need > max) throw new IllegalStateException("the prediction index of a model is full (2^31 characters of ids)");
      chars = java.util.Arrays.copyOf(chars, (int) Math.min(max, Math.max(chars.length * 2L, used + (long) need)));
    }

    private void grow() {
      int n = ts.length * 2;
      idStart = java.util.Arrays.copyOf(idStart, n);
      idLength = java.util.Arrays.copyOf(idLength, n);
      predictionLength = java.util.Arrays.copyOf(predictionLength, n);
      ts = java.util.Arrays.copyOf(ts, n);
      version = java.util.Arrays.copyOf(version, n);
    }

    private void rehash(int capacity) {
      long[] old = table;
      table = new long[capacity];
      int mask = capacity - 1;
      for (long t : old) {
        if (t == 0) continue;
        int i = spread((int) (t >>> 32)) & mask;
        while (table[i] != 0) i = (i + 1) & mask;
        table[i] = t;
      }
    }

    private static int spread(int h) {
      return (h ^ (h >>> 16)) * 0x9E3779B1;
    }

    long ts(int e) {
      return ts[e];
    }

    int countBefore(long cutoff) {
      int n = 0;
      for (int e = 0; e < size; e++) if (ts[e] < cutoff) n++;
      return n;
    }

    /** A new table with the entries from {@code cutoff} on. */
    PredictionTable retain(long cutoff) {
      PredictionTable t = new PredictionTable();
      for (int e = 0; e < size; e++) {
        if (ts[e] < cutoff) continue;
        String id = new String(chars, idStart[e], idLength[e]);
        int c = t.add(new Prediction(id, ts[e], versions.get(version[e]), null, prediction(e), null));
        if (labelled(e)) t.label(c);
      }
      return t;
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
