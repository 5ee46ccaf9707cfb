package io.vigil.drift;

/** How the two-sample Kolmogorov-Smirnov p-value is computed. */
public enum KsMethod {
  /** Vigil's rule: {@link #EXACT} when max(n1, n2) &le; 1000, else {@link #ASYMPTOTIC}. */
  AUTO,
  /** Exact null probability of D after rounding D to the lattice 1/lcm(n1, n2) (SciPy 'exact'). */
  EXACT,
  /** kstwo.sf(D, round_half_even(n1·n2/(n1+n2))), SciPy 'asymp'. */
  ASYMPTOTIC;

  /** Largest sample size for which {@link #AUTO} chooses the exact p-value. */
  public static final int AUTO_EXACT_MAX_N = 1000;
}
