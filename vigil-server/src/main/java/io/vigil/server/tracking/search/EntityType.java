package io.vigil.server.tracking.search;

/** What an identifier in a filter or order_by clause refers to. */
public enum EntityType {
  /** A metric's latest value ({@code metrics.<key>}). */
  METRIC,
  /** A run parameter ({@code params.<key>}). */
  PARAM,
  /** A run or experiment tag ({@code tags.<key>}). */
  TAG,
  /** A fixed attribute of the run or experiment ({@code attributes.<name>} or an unprefixed name). */
  ATTRIBUTE
}
