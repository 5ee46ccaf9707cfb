package io.vigil.drift;

/**
 * Result of a two-sided two-sample Kolmogorov-Smirnov test (reference vs current).
 *
 * @param statistic D = max |F_ref - F_cur|; with {@link KsMethod#EXACT} rounded to the lattice
 *     1/lcm(n1, n2), as SciPy reports it
 * @param pValue two-sided p-value in [0, 1]
 * @param sign +1 when the reference ECDF lies above the current one at the maximum, else -1
 * @param location pooled value at which D is attained (SciPy's {@code statistic_location})
 * @param method the p-value method actually used (never AUTO)
 * @param referenceSize n1
 * @param currentSize n2
 */
public record KsResult(
    double statistic,
    double pValue,
    int sign,
    double location,
    KsMethod method,
    long referenceSize,
    long currentSize) {}
