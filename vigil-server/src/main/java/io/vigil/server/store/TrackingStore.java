package io.vigil.server.store;

import io.vigil.model.Experiment;
import io.vigil.model.ExperimentTag;
import io.vigil.model.LifecycleStage;
import io.vigil.model.Metric;
import io.vigil.model.Param;
import io.vigil.model.Run;
import io.vigil.model.RunInfo;
import io.vigil.model.RunStatus;
import io.vigil.model.RunTag;
import java.util.List;
import java.util.Optional;

/**
 * Storage of experiments, runs and metric histories. Every method is one transaction: it applies
 * completely or not at all. Methods throw {@link io.vigil.model.VigilException} for conditions a
 * client can act on (unknown run, deleted run, changed param, duplicate name); the caller has
 * already checked the shape of the input.
 */
public interface TrackingStore extends AutoCloseable {

  /** Cheap round trip to the database, for health checks. */
  void check();

  /** Transaction counts and durations of the database behind this store, for /metrics; null when not measured. */
  default TransactionTimings timings() {
    return null;
  }

  // ---- experiments

  /** Creates an experiment; a null artifact location means the default root plus the new id. */
  String createExperiment(String name, String artifactLocation, List<ExperimentTag> tags);

  Optional<Experiment> getExperiment(String experimentId);

  Optional<Experiment> getExperimentByName(String name);

  Page<Experiment> searchExperiments(ExperimentSearch search);

  void renameExperiment(String experimentId, String newName);

  void setExperimentLifecycle(String experimentId, LifecycleStage stage);

  void setExperimentTag(String experimentId, ExperimentTag tag);

  // ---- runs

  Run createRun(NewRun run);

  Optional<Run> getRun(String runId);

  /** Updates the given non-null fields of an active run and returns its new info. */
  RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName);

  void setRunLifecycle(String runId, LifecycleStage stage);

  /**
   * The single write path for run data. Params are immutable (the same value again is a no-op),
   * tags overwrite, metric points append (an exact duplicate point is stored once).
   */
  void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags);

  void deleteTag(String runId, String key);

  Page<Run> searchRuns(RunSearch search);

  /** Run counts and last activity of the given experiments, in the order asked; unknown ids count 0. */
  List<ExperimentStats> experimentStats(List<String> experimentIds);

  // ---- metric histories

  /** Points of one series in (step, timestamp) order; an unknown key gives an empty page. */
  Page<Metric> getMetricHistory(String runId, String key, int maxResults, String pageToken);

  /** At most {@code maxResults} points per run, spread evenly over the steps present. */
  List<MetricHistoryInterval> getMetricHistoryBulkInterval(
      List<String> runIds, String key, int maxResults, Long startStep, Long endStep);

  /**
   * Each run's series {@code key} over the x range [{@code from}, {@code to}] (either may be null:
   * unbounded) reduced to at most {@code buckets} equal-width x buckets. When the range holds at most
   * {@code buckets} points they come back one per bucket, not downsampled. Reads only the chunks that
   * overlap the range and summarises chunks lying inside one bucket from their summary rows; memory
   * does not grow with the history's length. An unknown key gives an empty series; an unknown run
   * is RESOURCE_DOES_NOT_EXIST.
   */
  List<SeriesBuckets> downsampleSeries(List<String> runIds, String key, int buckets, XAxis x, Long from, Long to);

  @Override
  void close();
}
