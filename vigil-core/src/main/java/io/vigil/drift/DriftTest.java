package io.vigil.drift;

/** Drift test applied to a column. */
public enum DriftTest {
  /** Two-sample Kolmogorov-Smirnov; drift when p &lt; threshold. */
  KOLMOGOROV_SMIRNOV,
  /** Chi-square test of homogeneity; drift when p &lt; threshold. */
  CHI_SQUARE,
  /** Wasserstein-1 divided by the reference std; drift when &gt; threshold. */
  WASSERSTEIN_NORMED,
  /** Jensen-Shannon distance (base 2); drift when &gt; threshold. */
  JENSEN_SHANNON,
  /** Population stability index; drift when &gt; threshold. */
  PSI
}
