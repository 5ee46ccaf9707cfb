package io.vigil.server.store;

import java.util.Map;

/** What a new model version is created from; checked by the registry service. */
public record NewModelVersion(String name, String source, String runId, String runLink, String description,
    String userId, Map<String, String> tags) {}
