package io.vigil.model;

import java.util.List;

/** An experiment: a named group of runs. Ids are decimal strings, as on MLflow's wire. */
public record Experiment(
    String experimentId,
    String name,
    String artifactLocation,
    LifecycleStage lifecycleStage,
    long creationTime,
    long lastUpdateTime,
    List<ExperimentTag> tags) {}
