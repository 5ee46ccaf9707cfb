package io.vigil.model;

import java.util.List;

/** A run's latest metric values, params and tags. */
public record RunData(List<Metric> metrics, List<Param> params, List<RunTag> tags) {}
