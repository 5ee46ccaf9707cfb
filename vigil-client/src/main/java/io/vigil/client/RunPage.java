package io.vigil.client;

import io.vigil.model.Run;
import java.util.List;

/**
 * One page of a run search.
 *
 * @param runs the runs of this page
 * @param nextPageToken pass to {@link RunQuery.Builder#pageToken(String)} for the next page; null on the last page
 */
public record RunPage(List<Run> runs, String nextPageToken) {
  public RunPage {
    runs = List.copyOf(runs);
  }

  /** Whether another page follows. */
  public boolean hasNext() {
    return nextPageToken != null && !nextPageToken.isEmpty();
  }
}
