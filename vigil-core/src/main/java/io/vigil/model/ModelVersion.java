package io.vigil.model;

import java.util.List;
import java.util.Map;

/**
 * One version of a registered model (MLflow's ModelVersion). {@code version} is a positive number,
 * sent as a string on the wire; {@code currentStage} is one of None, Staging, Production, Archived.
 *
 * @param runId the run that produced the model, or null
 * @param tags the version's tags, by key
 * @param aliases the aliases of the model that point at this version
 */
public record ModelVersion(String name, long version, long creationTimestamp, long lastUpdatedTimestamp,
    String userId, String currentStage, String description, String source, String runId, String status,
    String statusMessage, String runLink, Map<String, String> tags, List<String> aliases) {}
