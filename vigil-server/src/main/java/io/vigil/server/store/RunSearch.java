package io.vigil.server.store;

import io.vigil.model.ViewType;
import java.util.List;

/**
 * A runs/search request as the store receives it: the filter and order_by are still text and are
 * parsed and translated to parameterised SQL by the store's dialect-aware query builder.
 */
public record RunSearch(
    List<String> experimentIds,
    String filter,
    List<String> orderBy,
    ViewType viewType,
    int maxResults,
    String pageToken) {}
