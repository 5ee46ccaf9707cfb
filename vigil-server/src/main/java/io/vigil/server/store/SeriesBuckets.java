package io.vigil.server.store;

import java.util.List;

/**
 * One run's series reduced to at most the requested number of buckets, in x order; empty buckets are
 * left out.
 *
 * @param pointCount points of the series inside the requested range
 * @param downsampled false when every point is its own bucket (the range held few enough points)
 */
public record SeriesBuckets(String runId, String key, XAxis x, long pointCount, boolean downsampled,
    List<SeriesBucket> buckets) {}
