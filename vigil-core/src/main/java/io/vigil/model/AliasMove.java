package io.vigil.model;

/**
 * One move of a registered model's alias, as recorded in the alias history.
 *
 * @param fromVersion the version the alias pointed at before, or null when it was unset
 * @param toVersion the version it points at after, or null when the move deleted it
 * @param movedAt epoch milliseconds
 * @param movedBy who moved it ("" when unknown)
 * @param reason why ("" when not given)
 * @param kind what moved it: {@code set}, {@code delete}, {@code rollback} or {@code version-deleted}
 */
public record AliasMove(long id, String name, String alias, Long fromVersion, Long toVersion, long movedAt,
    String movedBy, String reason, String kind) {}
