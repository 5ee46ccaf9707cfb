package io.vigil.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to start a run; build with {@link #inExperiment(String)} or {@link #inExperimentId(String)}.
 *
 * @param experimentName the experiment, created when missing (null when {@code experimentId} is given)
 * @param experimentId the experiment id (null when {@code experimentName} is given)
 * @param runName the run's name; null lets the server generate one
 * @param tags tags set when the run is created
 * @param parentRunId the parent for a nested run (tag {@code mlflow.parentRunId}), or null
 */
public record RunOptions(String experimentName, String experimentId, String runName, Map<String, String> tags,
    String parentRunId) {

  public RunOptions {
    if ((experimentName == null) == (experimentId == null)) {
      throw new IllegalArgumentException("give exactly one of experiment name and experiment id");
    }
    tags = Map.copyOf(tags);
  }

  /** Options for a run in the named experiment (created if it does not exist). */
  public static Builder inExperiment(String experimentName) {
    return new Builder(experimentName, null);
  }

  /** Options for a run in the experiment with this id. */
  public static Builder inExperimentId(String experimentId) {
    return new Builder(null, experimentId);
  }

  /** Builds {@link RunOptions}. */
  public static final class Builder {
    private final String experimentName;
    private final String experimentId;
    private String runName;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String parentRunId;

    private Builder(String experimentName, String experimentId) {
      this.experimentName = experimentName;
      this.experimentId = experimentId;
    }

    /** The run's name. */
    public Builder runName(String name) { this.runName = name; return this; }

    /** A tag to set at creation. */
    public Builder tag(String key, String value) { this.tags.put(key, value); return this; }

    /** Makes the run a child of {@code runId}. */
    public Builder parentRunId(String runId) { this.parentRunId = runId; return this; }

    public RunOptions build() {
      return new RunOptions(experimentName, experimentId, runName, tags, parentRunId);
    }
  }
}
