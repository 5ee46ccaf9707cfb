package io.vigil.drift;

/**
 * Thresholds for automatic drift detection.
 *
 * @param smallReferenceMax references with at most this many rows are "small" and get the
 *     statistical tests (KS numeric, chi-square categorical); larger ones get distances
 *     (normalised Wasserstein numeric, Jensen-Shannon categorical), since with many rows tests flag
 *     practically irrelevant shifts. Default 1000.
 * @param pValueThreshold drift when p &lt; this (KS, chi-square). Default 0.05.
 * @param jensenShannonThreshold drift when JS distance &gt; this. Default 0.1.
 * @param wassersteinThreshold drift when Wasserstein / reference std &gt; this. Default 0.1.
 * @param psiThreshold drift when PSI &gt; this. Default 0.2.
 * @param datasetDriftShare the dataset drifts when the share of drifted columns is &ge; this.
 *     Default 0.5.
 */
public record DriftConfig(
    long smallReferenceMax,
    double pValueThreshold,
    double jensenShannonThreshold,
    double wassersteinThreshold,
    double psiThreshold,
    double datasetDriftShare) {

  /** The documented defaults. */
  public static final DriftConfig DEFAULTS = new DriftConfig(1000, 0.05, 0.1, 0.1, 0.2, 0.5);

  /** Validates ranges. */
  public DriftConfig {
    if (smallReferenceMax < 0 || !(pValueThreshold > 0 && pValueThreshold < 1)
        || !(jensenShannonThreshold >= 0) || !(wassersteinThreshold >= 0) || !(psiThreshold >= 0)
        || !(datasetDriftShare > 0 && datasetDriftShare <= 1)) {
      throw new IllegalArgumentException("invalid drift thresholds");
    }
  }

  /** Threshold that applies to {@code test}. */
  public double thresholdFor(DriftTest test) {
    return switch (test) {
      case KOLMOGOROV_SMIRNOV, CHI_SQUARE -> pValueThreshold;
      case WASSERSTEIN_NORMED -> wassersteinThreshold;
      case JENSEN_SHANNON -> jensenShannonThreshold;
      case PSI -> psiThreshold;
    };
  }
}
