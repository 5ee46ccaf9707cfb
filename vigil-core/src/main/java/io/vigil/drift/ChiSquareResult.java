package io.vigil.drift;

/**
 * Chi-square test of homogeneity on the 2×K table (reference row, current row).
 *
 * @param statistic Pearson statistic (Yates-corrected when dof = 1)
 * @param pValue chi-square survival function at the statistic
 * @param dof degrees of freedom K - 1
 * @param expected 2×K expected frequencies: row total × column total / grand total
 */
public record ChiSquareResult(double statistic, double pValue, int dof, double[][] expected) {}
