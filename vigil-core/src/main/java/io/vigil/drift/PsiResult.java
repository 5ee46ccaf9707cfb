package io.vigil.drift;

/**
 * Numeric PSI result.
 *
 * @param histogram the 9 inner decile edges of the reference and the 10 bin counts of each sample
 * @param psi the population stability index (&ge; 0)
 */
public record PsiResult(Histogram histogram, double psi) {}
