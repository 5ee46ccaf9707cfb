package io.vigil.server.store;

import io.vigil.model.ViewType;
import java.util.List;

/**
 * A runs/search request as the store receives it: the filter and order_by are still text and are
 * parsed and translated to parameterised SQL by the store's dialect-aware query builder.
 * {@code readableBy}, when not null, keeps only runs of experiments that user may read.
 */
public record RunSearch(
    List<String> experimentIds,
    String filter,
    List<String> orderBy,
    ViewType viewType,
    int maxResults,
    String pageToken,
    ReadableBy readableBy) {

  public RunSearch(List<String> experimentIds, String filter, List<String> orderBy, ViewType viewType, int maxResults,
      String pageToken) {
    this(experimentIds, filter, orderBy, viewType, maxResults, pageToken, null);
  }

  public RunSearch readableBy(ReadableBy r) {
    return new RunSearch(experimentIds, filter, orderBy, viewType, maxResults, pageToken, r);
  }
}
