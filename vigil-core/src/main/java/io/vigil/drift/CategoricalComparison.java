package io.vigil.drift;

import io.vigil.metrics.InvalidInputException;
import java.util.List;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Per-category counts of a reference and a current sample over the sorted union of categories
 * (code-point order), with the categorical drift statistics computed from them.
 *
 * @param categories sorted union of categories
 * @param referenceCounts reference count per category
 * @param currentCounts current count per category
 */
public record CategoricalComparison(
    List<String> categories, long[] referenceCounts, long[] currentCounts) {

  /** Validates that both samples are non-empty and the vectors line up. */
  public CategoricalComparison {
    categories = List.copyOf(categories);
    if (referenceCounts.length != categories.size() || currentCounts.length != categories.size()) {
      throw new InvalidInputException("counts must have one entry per category");
    }
    if (total(referenceCounts) == 0 || total(currentCounts) == 0) {
      throw new InvalidInputException("categorical drift needs non-empty reference and current samples");
    }
  }

  private static long total(long[] c) {
    long t = 0;
    for (long v : c) {
      if (v < 0) {
        throw new InvalidInputException("negative count");
      }
      t += v;
    }
    return t;
  }

  /**
   * Chi-square test of homogeneity as {@code scipy.stats.chi2_contingency} with its default
   * {@code correction=True}: Yates' correction only when dof = 1; K = 1 gives statistic 0, p 1.
   */
  public ChiSquareResult chiSquare() {
    int k = categories.size();
    double[][] obs = new double[2][k];
    double r0 = 0;
    double r1 = 0;
    for (int j = 0; j < k; j++) {
      obs[0][j] = referenceCounts[j];
      obs[1][j] = currentCounts[j];
      r0 += obs[0][j];
      r1 += obs[1][j];
    }
    double total = r0 + r1;
    double[] rows = {r0, r1};
    double[][] exp = new double[2][k];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < k; j++) {
        exp[i][j] = rows[i] * (obs[0][j] + obs[1][j]) / total;
      }
    }
    int dof = k - 1;
    if (dof == 0) {
      return new ChiSquareResult(0.0, 1.0, 0, exp);
    }
    double[] terms = new double[2 * k];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < k; j++) {
        double o = obs[i][j];
        double e = exp[i][j];
        if (dof == 1) {
          // Yates: move each observed cell toward its expectation by at most 0.5.
          double diff = e - o;
          o += Math.signum(diff) * Math.min(0.5, Math.abs(diff));
        }
        double d = o - e;
        terms[i * k + j] = d * d / e;
      }
    }
    double stat = NumpySum.sum(terms);
    double p = ChiSquaredDistribution.of(dof).survivalProbability(stat);
    return new ChiSquareResult(stat, p, dof, exp);
  }

  /** Categorical PSI with zero proportions replaced by {@code eps}. */
  public double psi(double eps) {
    return Psi.fromCounts(referenceCounts, currentCounts, eps);
  }

  /** Categorical PSI with the default 1e-4 replacement. */
  public double psi() {
    return psi(Psi.DEFAULT_EPS);
  }

  /** Jensen-Shannon distance (base 2) between the category distributions. */
  public double jensenShannon() {
    return JensenShannon.distance(referenceCounts, currentCounts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CategoricalComparison c
        && categories.equals(c.categories)
        && java.util.Arrays.equals(referenceCounts, c.referenceCounts)
        && java.util.Arrays.equals(currentCounts, c.currentCounts);
  }

  @Override
  public int hashCode() {
    return categories.hashCode() * 31 + java.util.Arrays.hashCode(referenceCounts);
  }

  @Override
  public String toString() {
    return "CategoricalComparison" + categories;
  }
}
