package io.vigil.drift;

import java.util.OptionalDouble;

/**
 * Drift verdict for one column.
 *
 * @param column column name
 * @param test the test applied
 * @param statistic test statistic or distance
 * @param pValue p-value for KS and chi-square, empty for distances
 * @param threshold threshold compared with the p-value (p &lt; threshold) or the distance
 *     (statistic &gt; threshold)
 * @param drifted the verdict
 */
public record ColumnDriftResult(
    String column, DriftTest test, double statistic, OptionalDouble pValue, double threshold, boolean drifted) {

  /** Builds a result and decides the verdict from the test's kind. */
  public static ColumnDriftResult of(String column, DriftTest test, double statistic, OptionalDouble p, double threshold) {
    boolean drifted = p.isPresent() ? p.getAsDouble() < threshold : statistic > threshold;
    return new ColumnDriftResult(column, test, statistic, p, threshold, drifted);
  }
}
