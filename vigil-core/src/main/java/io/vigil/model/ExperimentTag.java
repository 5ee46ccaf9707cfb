package io.vigil.model;

/** An experiment tag. */
public record ExperimentTag(String key, String value) {}
