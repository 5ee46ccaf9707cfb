/**
 * Data-drift statistics matching SciPy 1.10.1 / NumPy 1.24.2: two-sample Kolmogorov-Smirnov
 * (exact and asymptotic p-values), Wasserstein-1, Jensen-Shannon distance over reference-range
 * histograms, PSI (numeric deciles and categorical), chi-square test of homogeneity; mergeable
 * reference profiles ({@link io.vigil.drift.NumericProfile}, {@link io.vigil.drift.CategoricalProfile})
 * and automatic per-column test choice with a dataset summary ({@link io.vigil.drift.DriftDetector}).
 * Invalid input raises {@link io.vigil.metrics.InvalidInputException}.
 */
package io.vigil.drift;
