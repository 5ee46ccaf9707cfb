package io.vigil.model;

import java.util.List;
import java.util.Map;

/**
 * A registered model (MLflow's RegisteredModel).
 *
 * @param latestVersions the latest version in each stage that has one
 * @param tags the model's tags, by key
 * @param aliases alias → version
 */
public record RegisteredModel(String name, long creationTimestamp, long lastUpdatedTimestamp, String userId,
    String description, List<ModelVersion> latestVersions, Map<String, String> tags, Map<String, Long> aliases) {}
