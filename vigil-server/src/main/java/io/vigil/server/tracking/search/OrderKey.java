package io.vigil.server.tracking.search;

/** One parsed order_by clause; for attributes {@code key} is the canonical attribute name. */
public record OrderKey(EntityType type, String key, boolean ascending) {}
