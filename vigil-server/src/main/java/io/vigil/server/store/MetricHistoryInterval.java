package io.vigil.server.store;

import io.vigil.model.Metric;

/** A metric point of get-history-bulk-interval, which names its run. */
public record MetricHistoryInterval(String runId, Metric metric) {}
