package io.vigil.model;

/** A run tag; may be overwritten or deleted. */
public record RunTag(String key, String value) {}
