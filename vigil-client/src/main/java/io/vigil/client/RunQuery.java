package io.vigil.client;

import io.vigil.model.ViewType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A run search, as MLflow's {@code runs/search} takes it; build with {@link #builder(String...)}.
 *
 * @param experimentIds the experiments to search (at least one)
 * @param filter MLflow's filter grammar, e.g. {@code metrics.acc > 0.9 and params.lr = '0.1'}; null for none
 * @param orderBy e.g. {@code metrics.acc DESC}, {@code attributes.start_time ASC}
 * @param viewType active, deleted or all runs
 * @param maxResults the page size (1..50000)
 * @param pageToken the token of the page to fetch; null for the first
 */
public record RunQuery(List<String> experimentIds, String filter, List<String> orderBy, ViewType viewType,
    int maxResults, String pageToken) {

  public RunQuery {
    experimentIds = List.copyOf(experimentIds);
    orderBy = List.copyOf(orderBy);
    Objects.requireNonNull(viewType, "viewType");
    if (experimentIds.isEmpty()) throw new IllegalArgumentException("a run search needs at least one experiment id");
    if (maxResults < 1 || maxResults > 50_000) throw new IllegalArgumentException("maxResults must be in 1..50000");
  }

  /** A builder searching the given experiments. */
  public static Builder builder(String... experimentIds) {
    return new Builder(Arrays.asList(experimentIds));
  }

  /** This query for the page with the given token. */
  public RunQuery withPageToken(String token) {
    return new RunQuery(experimentIds, filter, orderBy, viewType, maxResults, token);
  }

  /** Builds a {@link RunQuery}. */
  public static final class Builder {
    private final List<String> experimentIds;
    private String filter;
    private final List<String> orderBy = new ArrayList<>();
    private ViewType viewType = ViewType.ACTIVE_ONLY;
    private int maxResults = 1000;
    private String pageToken;

    private Builder(List<String> experimentIds) {
      this.experimentIds = new ArrayList<>(experimentIds);
    }

    /** MLflow's filter grammar. */
    public Builder filter(String filter) { this.filter = filter; return this; }

    /** Adds an ordering clause such as {@code metrics.acc DESC}. */
    public Builder orderBy(String clause) { this.orderBy.add(clause); return this; }

    /** Which lifecycle stages to return (default active only). */
    public Builder viewType(ViewType v) { this.viewType = v; return this; }

    /** The page size (default 1000). */
    public Builder maxResults(int n) { this.maxResults = n; return this; }

    /** Fetch the page with this token. */
    public Builder pageToken(String token) { this.pageToken = token; return this; }

    public RunQuery build() {
      return new RunQuery(experimentIds, filter, orderBy, viewType, maxResults, pageToken);
    }
  }
}
