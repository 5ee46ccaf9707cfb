package io.vigil.server.store;

import io.vigil.model.ViewType;
import java.util.List;

/** An experiments/search request as the store receives it. */
public record ExperimentSearch(
    String filter, List<String> orderBy, ViewType viewType, int maxResults, String pageToken) {}
