package io.vigil.server.store;

import java.util.List;
import java.util.Optional;

/**
 * Storage of production monitoring: monitor definitions (as validated JSON), the log of ingested
 * prediction and outcome batches, computed window values, reference data and alert state. Policy
 * (validation, the joining of outcomes to predictions, windows, drift, alert rules) lives in
 * {@code io.vigil.server.monitor}; every write here is one transaction, all or nothing.
 */
public interface MonitorStore {

  /** A stored monitor definition. */
  record StoredMonitor(String model, String definitionJson, long createdTime, long updatedTime) {}

  /** One prediction event, validated; features and scores are JSON text or null. */
  record Prediction(String id, long timestamp, String modelVersion, String featuresJson, String prediction,
      String scoresJson) {}

  /** One outcome (ground truth) event; {@code timestamp} may be null. */
  record Outcome(String id, String outcome, Long timestamp) {}

  /** A prediction that now has its outcome: what window accumulators need. */
  record Labelled(String id, long timestamp, String modelVersion, String prediction, String outcome) {}

  /** Kinds of event batches. */
  enum EventKind {
    PREDICTIONS('p'), OUTCOMES('o');

    public final char code;

    EventKind(char code) {
      this.code = code;
    }

    public static EventKind of(char code) {
      for (EventKind k : values()) if (k.code == code) return k;
      throw new IllegalStateException("unknown event batch kind " + code);
    }
  }

  /** One stored batch of a model's event log: its events encoded by the monitoring package. */
  record EventBatch(long seq, EventKind kind, int count, String events) {}

  /** One computed value of a window; value NaN when undefined. */
  record WindowValue(String metric, String modelVersion, long windowStart, long windowEnd, double value) {}

  /** An alert rule's persisted state. */
  record AlertState(String rule, String state, int consecutive, long evaluatedUntil, Long silencedUntil,
      long updatedTime) {}

  /** One entry of alert history. */
  record AlertEvent(long id, String rule, String state, long windowStart, double value, long time,
      String notification) {}

  /** Creates or replaces the definition; true when created. */
  boolean putMonitor(String model, String definitionJson);

  Optional<StoredMonitor> monitor(String model);

  List<StoredMonitor> monitors();

  /** Deletes the monitor and all its data; false when there was none. */
  boolean deleteMonitor(String model);

  /**
   * Appends a batch to the model's event log as one row, whatever the number of events. The caller
   * numbers a model's batches ({@code seq}, unique per model): replay follows that order, whatever
   * the order the rows were written in. {@code minTs}/{@code maxTs} bound the batch's event times
   * (what {@link #scanEvents} and {@link #deleteEventsBefore} select on).
   */
  void appendEvents(String model, long seq, EventKind kind, int count, long minTs, long maxTs, String events);

  /** Streams, in sequence order, the model's batches whose {@code maxTs >= fromTs} (to rebuild state). */
  void scanEvents(String model, long fromTs, java.util.function.Consumer<EventBatch> sink);

  /** The highest sequence number in the model's event log, or -1 when it is empty. */
  long lastEventSeq(String model);

  /** Deletes the model's batches whose {@code maxTs < beforeTs} (log retention); answers how many. */
  int deleteEventsBefore(String model, long beforeTs);

  /** The start of the model's earliest stored window of one series, if any. */
  Optional<Long> firstWindowStart(String model, String metric, String modelVersion);

  void putWindowValues(String model, List<WindowValue> values);

  /** Values of one metric with {@code from <= window_start < to}; version null means every version. */
  List<WindowValue> windowValues(String model, String metric, String modelVersion, long from, long to);

  /** The latest window's value of every (metric, version) of a model. */
  List<WindowValue> latestWindowValues(String model);

  void putReference(String model, String referenceJson, long rowCount);

  Optional<String> reference(String model);

  Optional<AlertState> alertState(String model, String rule);

  void saveAlertState(String model, AlertState state);

  long appendAlertEvent(String model, AlertEvent event);

  void setNotification(long eventId, String notification);

  /** Newest first. */
  List<AlertEvent> alertEvents(String model, int limit);

  void check();

  void close();
}
