package io.vigil.model;

/** A run with its data. */
public record Run(RunInfo info, RunData data) {}
