package io.vigil.server.store;

import io.vigil.model.ViewType;
import java.util.List;

/**
 * An experiments/search request as the store receives it; {@code readableBy}, when not null, keeps only
 * experiments that user may read.
 */
public record ExperimentSearch(
    String filter, List<String> orderBy, ViewType viewType, int maxResults, String pageToken, ReadableBy readableBy) {

  public ExperimentSearch(String filter, List<String> orderBy, ViewType viewType, int maxResults, String pageToken) {
    this(filter, orderBy, viewType, maxResults, pageToken, null);
  }

  public ExperimentSearch readableBy(ReadableBy r) {
    return new ExperimentSearch(filter, orderBy, viewType, maxResults, pageToken, r);
  }
}
