package io.vigil.server.store;

/**
 * What the dashboard's experiment list shows beside each experiment.
 *
 * @param runCount active runs
 * @param lastActivity latest start or end time of an active run (epoch ms), or null without runs
 */
public record ExperimentStats(String experimentId, long runCount, Long lastActivity) {}
