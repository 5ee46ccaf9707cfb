package io.vigil.drift;

import java.util.List;

/**
 * Dataset-level summary.
 *
 * @param columns per-column results
 * @param driftedColumns number of drifted columns
 * @param driftedShare driftedColumns / columns (0 when there are no columns)
 * @param shareThreshold configured share
 * @param datasetDrift true when driftedShare &ge; shareThreshold and there is at least one column
 */
public record DatasetDriftResult(
    List<ColumnDriftResult> columns, int driftedColumns, double driftedShare, double shareThreshold, boolean datasetDrift) {

  /** Summarises column results. */
  public static DatasetDriftResult of(List<ColumnDriftResult> columns, double shareThreshold) {
    int d = (int) columns.stream().filter(ColumnDriftResult::drifted).count();
    double share = columns.isEmpty() ? 0.0 : (double) d / columns.size();
    return new DatasetDriftResult(List.copyOf(columns), d, share, shareThreshold, !columns.isEmpty() && share >= shareThreshold);
  }
}
