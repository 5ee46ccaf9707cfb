package io.vigil.drift;

/**
 * Binned counts of a reference and a current sample over the same bins.
 *
 * @param edges bin edges (for the Jensen-Shannon histogram the 11 edges of 10 bins; for PSI the 9
 *     inner decile edges, the outer edges being ±∞)
 * @param referenceCounts count of reference values per bin
 * @param currentCounts count of current values per bin
 */
public record Histogram(double[] edges, long[] referenceCounts, long[] currentCounts) {
  /** Number of bins. */
  public int bins() {
    return referenceCounts.length;
  }
}
