package io.vigil.server.store;

import java.util.List;
import java.util.Optional;

/**
 * Storage of production monitoring: monitor definitions (as validated JSON), predictions and the
 * outcomes joined to them by id, computed window values, reference data and alert state. Policy
 * (validation, windows, drift, alert rules) lives in {@code io.vigil.server.monitor}; every write
 * here is one transaction, all or nothing.
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

  /** What one prediction batch changed: predictions newly stored and outcomes joined to them. */
  record PredictionsResult(List<Prediction> inserted, List<Labelled> joined) {}

  /** What one outcome batch changed: outcomes joined to stored predictions, and how many wait. */
  record OutcomesResult(List<Labelled> joined, int pending) {}

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
   * Stores predictions (ids already stored are ignored, so a retried batch counts once) and joins
   * outcomes that were waiting for them.
   */
  PredictionsResult insertPredictions(String model, List<Prediction> predictions);

  /** Joins outcomes to their predictions; outcomes with no prediction yet are kept until it arrives. */
  OutcomesResult insertOutcomes(String model, List<Outcome> outcomes);

  /** Streams every labelled or unlabelled prediction's window-relevant columns (to rebuild state). */
  void scanPredictions(String model, java.util.function.Consumer<Labelled> sink);

  /** A prediction's timestamp, version and scores JSON. */
  record Scored(long timestamp, String modelVersion, String scoresJson) {}

  /** Streams the scores of every prediction that has them (to rebuild score distributions). */
  void scanScores(String model, java.util.function.Consumer<Scored> sink);

  /** A prediction's timestamp and features JSON. */
  record Features(long timestamp, String featuresJson) {}

  /** Streams the features of the predictions with {@code ts >= from} (to rebuild drift samples). */
  void scanFeatures(String model, long from, java.util.function.Consumer<Features> sink);

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
