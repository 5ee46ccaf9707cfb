package io.vigil.drift;

import java.util.Locale;
import java.util.Optional;

/** Drift test applied to a column. */
public enum DriftTest {
  /** Two-sample Kolmogorov-Smirnov; drift when p &lt; threshold. Numeric columns. */
  KOLMOGOROV_SMIRNOV("ks", true, false, true),
  /** Chi-square test of homogeneity; drift when p &lt; threshold. Categorical columns. */
  CHI_SQUARE("chi_square", false, true, true),
  /** Wasserstein-1 divided by the reference std; drift when &gt; threshold. Numeric columns. */
  WASSERSTEIN_NORMED("wasserstein", true, false, false),
  /** Jensen-Shannon distance (base 2); drift when &gt; threshold. Both kinds (numeric: 10 equal-width bins). */
  JENSEN_SHANNON("jensen_shannon", true, true, false),
  /** Population stability index; drift when &gt; threshold. Both kinds (numeric: reference deciles). */
  PSI("psi", true, true, false);

  private final String wireName;
  private final boolean numeric;
  private final boolean categorical;
  private final boolean pValue;

  DriftTest(String wireName, boolean numeric, boolean categorical, boolean pValue) {
    this.wireName = wireName;
    this.numeric = numeric;
    this.categorical = categorical;
    this.pValue = pValue;
  }

  /** The short name used in configuration: ks, chi_square, wasserstein, jensen_shannon, psi. */
  public String wireName() {
    return wireName;
  }

  public boolean appliesToNumeric() {
    return numeric;
  }

  public boolean appliesToCategorical() {
    return categorical;
  }

  /** True when the threshold is a p-value (drift when p &lt; threshold), false for a distance (drift when &gt;). */
  public boolean usesPValue() {
    return pValue;
  }

  /** Whether {@code threshold} is meaningful for this test: a p-value in (0, 1), or a distance &ge; 0. */
  public boolean acceptsThreshold(double threshold) {
    return pValue ? threshold > 0 && threshold < 1 : threshold >= 0 && threshold < Double.POSITIVE_INFINITY;
  }

  /** The test named by its {@link #wireName()} (or enum name), case-insensitively. */
  public static Optional<DriftTest> fromName(String name) {
    if (name == null) return Optional.empty();
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (DriftTest t : values()) {
      if (t.wireName.equals(n) || t.name().toLowerCase(Locale.ROOT).equals(n)) return Optional.of(t);
    }
    return Optional.empty();
  }
}
