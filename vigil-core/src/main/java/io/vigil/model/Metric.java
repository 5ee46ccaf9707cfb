package io.vigil.model;

/** One metric point: value at a step and a wall-clock timestamp (epoch milliseconds). */
public record Metric(String key, double value, long timestamp, long step) {}
