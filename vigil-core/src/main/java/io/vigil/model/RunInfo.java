package io.vigil.model;

/** A run's attributes. {@code endTime} is null while the run has not ended. */
public record RunInfo(
    String runId,
    String runName,
    String experimentId,
    String userId,
    RunStatus status,
    long startTime,
    Long endTime,
    String artifactUri,
    LifecycleStage lifecycleStage) {}
