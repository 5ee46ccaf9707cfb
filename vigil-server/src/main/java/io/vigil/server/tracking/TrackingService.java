package io.vigil.server.tracking;

import static io.vigil.server.tracking.TrackingLimits.*;

import io.vigil.model.Experiment;
import io.vigil.model.ExperimentTag;
import io.vigil.model.LifecycleStage;
import io.vigil.model.Metric;
import io.vigil.model.Param;
import io.vigil.model.Run;
import io.vigil.model.RunInfo;
import io.vigil.model.RunStatus;
import io.vigil.model.RunTag;
import io.vigil.model.VigilException;
import io.vigil.server.store.ExperimentSearch;
import io.vigil.server.store.ExperimentStats;
import io.vigil.server.store.MetricHistoryInterval;
import io.vigil.server.store.SeriesBuckets;
import io.vigil.server.store.XAxis;
import io.vigil.server.store.NewRun;
import io.vigil.server.store.Page;
import io.vigil.server.store.RunSearch;
import io.vigil.server.store.TrackingStore;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * MLflow tracking semantics on top of a {@link TrackingStore}: names and limits are checked here,
 * before anything is written, so a rejected request changes nothing.
 */
public final class TrackingService {

  private final TrackingStore store;
  private final java.util.concurrent.atomic.LongAdder pointsLogged = new java.util.concurrent.atomic.LongAdder();
  private final Clock clock;
  private final RunNames runNames;

  public TrackingService(TrackingStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.runNames = new RunNames();
  }

  public TrackingStore store() {
    return store;
  }

  /** The clock that stamps what this service records. */
  public Clock clock() {
    return clock;
  }

  // ---- experiments

  public String createExperiment(String name, String artifactLocation, List<ExperimentTag> tags) {
    if (name == null || name.isBlank()) throw VigilException.invalid("Invalid experiment name: '" + name + "'. It must be a non-empty string.");
    if (name.length() > 500) throw VigilException.invalid("Experiment name exceeds the maximum length of 500 characters.");
    if (artifactLocation != null && artifactLocation.isEmpty()) artifactLocation = null;
    for (ExperimentTag t : tags) validateTag("tags", t.key(), t.value());
    return store.createExperiment(name, artifactLocation, tags);
  }

  public Experiment getExperiment(String id) {
    return store.getExperiment(id).orElseThrow(() -> VigilException.notFound("No Experiment with id=" + id + " exists"));
  }

  public Experiment getExperimentByName(String name) {
    return store.getExperimentByName(name)
        .orElseThrow(() -> VigilException.notFound("Could not find experiment with name '" + name + "'"));
  }

  public Page<Experiment> searchExperiments(ExperimentSearch search) {
    checkMaxResults(search.maxResults());
    return store.searchExperiments(search);
  }

  public void renameExperiment(String id, String newName) {
    if (newName == null || newName.isBlank()) throw VigilException.invalid("Invalid experiment name: '" + newName + "'. It must be a non-empty string.");
    store.renameExperiment(id, newName);
  }

  public void deleteExperiment(String id) {
    store.setExperimentLifecycle(id, LifecycleStage.DELETED);
  }

  public void restoreExperiment(String id) {
    store.setExperimentLifecycle(id, LifecycleStage.ACTIVE);
  }

  public void setExperimentTag(String id, ExperimentTag tag) {
    validateTag("key", tag.key(), tag.value());
    store.setExperimentTag(id, tag);
  }

  // ---- runs

  public Run createRun(String experimentId, String userId, Long startTime, String runName, List<RunTag> tags) {
    for (RunTag t : tags) validateTag("tags", t.key(), t.value());
    if (runName == null || runName.isEmpty()) {
      runName = tags.stream().filter(t -> t.key().equals("mlflow.runName")).map(RunTag::value).findFirst()
          .orElseGet(runNames::next);
    }
    if (runName.length() > MAX_RUN_NAME_LENGTH) {
      throw VigilException.invalid("Run name exceeds the maximum length of " + MAX_RUN_NAME_LENGTH + " characters.");
    }
    String exp = experimentId == null || experimentId.isEmpty() ? "0" : experimentId;
    return store.createRun(new NewRun(exp, userId == null ? "" : userId,
        startTime == null ? clock.millis() : startTime, runName, tags));
  }

  public Run getRun(String runId) {
    return store.getRun(runId).orElseThrow(() -> VigilException.notFound("Run with id=" + runId + " not found"));
  }

  public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
    if (runName != null && runName.length() > MAX_RUN_NAME_LENGTH) {
      throw VigilException.invalid("Run name exceeds the maximum length of " + MAX_RUN_NAME_LENGTH + " characters.");
    }
    return store.updateRun(runId, status, endTime, runName);
  }

  public void deleteRun(String runId) {
    store.setRunLifecycle(runId, LifecycleStage.DELETED);
  }

  public void restoreRun(String runId) {
    store.setRunLifecycle(runId, LifecycleStage.ACTIVE);
  }

  public void setTag(String runId, String key, String value) {
    validateTag("key", key, value);
    store.logBatch(runId, List.of(), List.of(), List.of(new RunTag(key, value)));
  }

  public void deleteTag(String runId, String key) {
    store.deleteTag(runId, key);
  }

  public void logParam(String runId, String key, String value) {
    validateParam("key", key, value);
    store.logBatch(runId, List.of(), List.of(new Param(key, value)), List.of());
  }

  public void logMetric(String runId, Metric metric) {
    validateName("key", metric.key(), "Metric");
    store.logBatch(runId, List.of(metric), List.of(), List.of());
    pointsLogged.increment();
  }

  /** Metric points stored since start (log-metric, log-batch, evaluation results), for /metrics. */
  public long pointsLogged() {
    return pointsLogged.sum();
  }

  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    if (metrics.size() > MAX_BATCH_METRICS) {
      throw VigilException.invalid("A batch logging request can contain at most " + MAX_BATCH_METRICS
          + " metrics. Got " + metrics.size() + " metrics. Please split up metrics across multiple requests and try again.");
    }
    if (params.size() > MAX_BATCH_PARAMS) {
      throw VigilException.invalid("A batch logging request can contain at most " + MAX_BATCH_PARAMS
          + " params. Got " + params.size() + " params. Please split up params across multiple requests and try again.");
    }
    if (tags.size() > MAX_BATCH_TAGS) {
      throw VigilException.invalid("A batch logging request can contain at most " + MAX_BATCH_TAGS
          + " tags. Got " + tags.size() + " tags. Please split up tags across multiple requests and try again.");
    }
    int total = metrics.size() + params.size() + tags.size();
    if (total > MAX_BATCH_ENTITIES) {
      throw VigilException.invalid("A batch logging request can contain at most " + MAX_BATCH_ENTITIES
          + " metrics, params, and tags. Got " + total + " total. Please split up across multiple requests and try again.");
    }
    Set<String> validKeys = new HashSet<>();
    for (int i = 0; i < metrics.size(); i++) {
      String key = metrics.get(i).key();
      if (validKeys.add(key)) validateName("metrics[" + i + "].key", key, "Metric");
    }
    Set<String> seen = new HashSet<>();
    Set<String> duplicates = new java.util.TreeSet<>();
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      validateParam("params[" + i + "].key", p.key(), p.value());
      if (!seen.add(p.key())) duplicates.add(p.key());
    }
    if (!duplicates.isEmpty()) {
      throw VigilException.invalid("Duplicate parameter keys have been submitted: " + duplicates
          + ". Please ensure the request contains only one param value per param key.");
    }
    for (int i = 0; i < tags.size(); i++) validateTag("tags[" + i + "].key", tags.get(i).key(), tags.get(i).value());
    store.logBatch(runId, metrics, params, tags);
    pointsLogged.add(metrics.size());
  }

  public Page<Run> searchRuns(RunSearch search) {
    checkMaxResults(search.maxResults());
    return store.searchRuns(search);
  }

  // ---- metric histories

  public Page<Metric> getMetricHistory(String runId, String key, Integer maxResults, String pageToken) {
    if (maxResults != null && (maxResults < 1 || maxResults > MAX_HISTORY_PAGE)) {
      throw VigilException.invalid("Invalid value " + maxResults + " for parameter 'max_results': it must be between 1 and " + MAX_HISTORY_PAGE + ".");
    }
    return store.getMetricHistory(runId, key, maxResults == null ? Integer.MAX_VALUE : maxResults, pageToken);
  }

  public List<MetricHistoryInterval> getMetricHistoryBulkInterval(
      List<String> runIds, String key, Integer maxResults, Long startStep, Long endStep) {
    if (runIds.isEmpty()) throw VigilException.invalid("Missing value for required parameter 'run_ids'.");
    if (runIds.size() > 100) throw VigilException.invalid("GetMetricHistoryBulkInterval request must specify at most 100 run_ids. Received " + runIds.size() + " run_ids.");
    int n = maxResults == null ? 320 : maxResults;
    if (n < 1 || n > 100_000) throw VigilException.invalid("Invalid value " + n + " for parameter 'max_results': it must be between 1 and 100000.");
    if (startStep != null && endStep != null && startStep > endStep) {
      throw VigilException.invalid("end_step must be greater than start_step. Found start_step=" + startStep + " and end_step=" + endStep + ".");
    }
    return store.getMetricHistoryBulkInterval(runIds, key, n, startStep, endStep);
  }

  public List<ExperimentStats> experimentStats(List<String> experimentIds) {
    if (experimentIds.size() > 1000) throw VigilException.invalid("At most 1000 experiment_ids per request; got " + experimentIds.size() + ".");
    return store.experimentStats(experimentIds);
  }

  /** Most runs one downsampled-series request may name, and most buckets per run. */
  public static final int MAX_SERIES_RUNS = 100;
  public static final int MAX_SERIES_POINTS = 10_000;

  public List<SeriesBuckets> downsampleSeries(List<String> runIds, String key, Integer points, XAxis x, Long from, Long to) {
    if (runIds.isEmpty()) throw VigilException.invalid("Missing value for required parameter 'run_ids'.");
    if (runIds.size() > MAX_SERIES_RUNS) {
      throw VigilException.invalid("At most " + MAX_SERIES_RUNS + " run_ids per request; got " + runIds.size() + ".");
    }
    if (key == null || key.isEmpty()) throw VigilException.invalid("Missing value for required parameter 'key'.");
    int n = points == null ? 1000 : points;
    if (n < 1 || n > MAX_SERIES_POINTS) {
      throw VigilException.invalid("Invalid value " + n + " for parameter 'points': it must be between 1 and " + MAX_SERIES_POINTS + ".");
    }
    if (from != null && to != null && from > to) {
      throw VigilException.invalid("'from' (" + from + ") must not be greater than 'to' (" + to + ").");
    }
    return store.downsampleSeries(runIds, key, n, x == null ? XAxis.STEP : x, from, to);
  }

  // ---- validation

  private static void checkMaxResults(int maxResults) {
    if (maxResults < 1 || maxResults > MAX_SEARCH_RESULTS) {
      throw VigilException.invalid("Invalid value " + maxResults + " for parameter 'max_results' supplied. It must be at most "
          + MAX_SEARCH_RESULTS + " and at least 1.");
    }
  }

  /** MLflow's rule for metric, param and tag names. */
  static void validateName(String field, String name, String what) {
    if (name == null || name.isEmpty()) throw VigilException.invalid("Missing value for required parameter '" + field + "'.");
    if (name.length() > MAX_KEY_LENGTH) {
      throw VigilException.invalid(what + " name '" + name.substring(0, 40) + "…' exceeds the maximum length of " + MAX_KEY_LENGTH + " (field '" + field + "').");
    }
    if (!isNameChars(name)) {
      throw VigilException.invalid("Invalid " + what.toLowerCase() + " name: '" + name + "' (field '" + field + "'). Names may only contain"
          + " alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).");
    }
    if (!isNormalizedPath(name)) {
      throw VigilException.invalid("Invalid " + what.toLowerCase() + " name: '" + name + "' (field '" + field + "'). Names must not"
          + " refer to parent or current folders ('..', '.') or start with '/'.");
    }
  }

  /** Alphanumerics, '_', '-', '.', ' ' and '/': MLflow's rule, checked without a regex on the hot path. */
  private static boolean isNameChars(String name) {
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
          || ch == '_' || ch == '-' || ch == '.' || ch == ' ' || ch == '/';
      if (!ok) return false;
    }
    return true;
  }

  /** A key that a file store would turn into a different path ("../up", "a//b", "/abs") is rejected. */
  private static boolean isNormalizedPath(String name) {
    if (name.startsWith("/")) return false;
    for (String part : name.split("/", -1)) {
      if (part.equals("..") || part.equals(".")) return false;
    }
    return !name.contains("//");
  }

  private static void validateParam(String field, String key, String value) {
    validateName(field, key, "Param");
    if (value.length() > MAX_PARAM_VALUE_LENGTH) {
      throw VigilException.invalid("Param value for '" + key + "' has " + value.length() + " characters, more than the limit of "
          + MAX_PARAM_VALUE_LENGTH + ". Vigil rejects it instead of truncating it.");
    }
  }

  private static void validateTag(String field, String key, String value) {
    if (key == null || key.isEmpty()) throw VigilException.invalid("Missing value for required parameter '" + field + "'.");
    if (key.length() > MAX_KEY_LENGTH) {
      throw VigilException.invalid("Tag name '" + key.substring(0, 40) + "…' exceeds the maximum length of " + MAX_KEY_LENGTH + ".");
    }
    if (value.length() > MAX_TAG_VALUE_LENGTH) {
      throw VigilException.invalid("Tag value for '" + key + "' has " + value.length() + " characters, more than the limit of "
          + MAX_TAG_VALUE_LENGTH + ". Vigil rejects it instead of truncating it.");
    }
  }
}
