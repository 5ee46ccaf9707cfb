package io.vigil.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Chooses and runs a drift test per column, and summarises a dataset.
 *
 * <p>Automatic choice: reference with at most {@link DriftConfig#smallReferenceMax()} rows → KS
 * (numeric) or chi-square (categorical); larger → Wasserstein divided by the reference standard
 * deviation (numeric) or Jensen-Shannon distance (categorical). A constant reference has std 0; the
 * Wasserstein distance is then divided by |mean| (or 1 when the mean is 0 as well).
 */
public final class DriftDetector {
  private final DriftConfig config;

  public DriftDetector(DriftConfig config) {
    this.config = config;
  }

  /** Detector with {@link DriftConfig#DEFAULTS}. */
  public DriftDetector() {
    this(DriftConfig.DEFAULTS);
  }

  public DriftConfig config() {
    return config;
  }

  /** The automatic test for a numeric column with a reference of {@code n} rows. */
  public DriftTest autoNumericTest(long n) {
    return n <= config.smallReferenceMax() ? DriftTest.KOLMOGOROV_SMIRNOV : DriftTest.WASSERSTEIN_NORMED;
  }

  /** The automatic test for a categorical column with a reference of {@code n} rows. */
  public DriftTest autoCategoricalTest(long n) {
    return n <= config.smallReferenceMax() ? DriftTest.CHI_SQUARE : DriftTest.JENSEN_SHANNON;
  }

  /** Numeric column against raw reference rows, test chosen automatically. */
  public ColumnDriftResult numeric(String column, double[] reference, double[] current) {
    return numeric(column, reference, current, autoNumericTest(reference.length));
  }

  /** Numeric column against raw reference rows with a given test and the configured threshold for it. */
  public ColumnDriftResult numeric(String column, double[] reference, double[] current, DriftTest test) {
    return numeric(column, reference, current, test, config.thresholdFor(test));
  }

  /**
   * Numeric column against raw reference rows with a given test and threshold (a p-value for KS,
   * a distance otherwise).
   *
   * @throws IllegalArgumentException when the test does not apply to numeric columns (chi-square) or
   *     the threshold is out of the test's range
   */
  public ColumnDriftResult numeric(String column, double[] reference, double[] current, DriftTest test, double threshold) {
    requireThreshold(test, threshold);
    double[] a = DoubleSort.sortedCopy(reference, "reference");
    double thr = threshold;
    return switch (test) {
      case KOLMOGOROV_SMIRNOV -> {
        KsResult ks = KolmogorovSmirnov.testSorted(a, DoubleSort.sortedCopy(current, "current"), KsMethod.AUTO);
        yield ColumnDriftResult.of(column, test, ks.statistic(), OptionalDouble.of(ks.pValue()), thr);
      }
      case WASSERSTEIN_NORMED -> {
        double w = Wasserstein.distanceSorted(a, DoubleSort.sortedCopy(current, "current"));
        yield ColumnDriftResult.of(column, test, w / scale(a), OptionalDouble.empty(), thr);
      }
      case JENSEN_SHANNON ->
          ColumnDriftResult.of(column, test, JensenShannon.test(a, current).distance(), OptionalDouble.empty(), thr);
      case PSI -> {
        DoubleSort.requireFinite(current, "current");
        double psi = Psi.numericSortedReference(a, current, Psi.DEFAULT_EPS).psi();
        yield ColumnDriftResult.of(column, test, psi, OptionalDouble.empty(), thr);
      }
      case CHI_SQUARE -> throw new IllegalArgumentException("chi_square applies to categorical columns");
    };
  }

  /** Numeric column against a reference profile, test chosen from the profile's row count. */
  public ColumnDriftResult numeric(String column, NumericProfile reference, double[] current) {
    DriftTest test = autoNumericTest(reference.count());
    double thr = config.thresholdFor(test);
    if (test == DriftTest.KOLMOGOROV_SMIRNOV) {
      KsResult ks = reference.ks(current);
      return ColumnDriftResult.of(column, test, ks.statistic(), OptionalDouble.of(ks.pValue()), thr);
    }
    double std = reference.std();
    double s = std > 0 ? std : (reference.mean() != 0 ? Math.abs(reference.mean()) : 1.0);
    return ColumnDriftResult.of(column, test, reference.wasserstein(current) / s, OptionalDouble.empty(), thr);
  }

  /** Categorical column, test chosen automatically. */
  public ColumnDriftResult categorical(String column, String[] reference, String[] current) {
    return categorical(column, CategoricalDrift.compare(reference, current), reference.length);
  }

  /** Categorical column with a given test and the configured threshold for it. */
  public ColumnDriftResult categorical(String column, String[] reference, String[] current, DriftTest test) {
    return categorical(column, reference, current, test, config.thresholdFor(test));
  }

  /**
   * Categorical column with a given test (chi-square, Jensen-Shannon or PSI over the categories)
   * and threshold.
   *
   * @throws IllegalArgumentException when the test does not apply to categorical columns (KS,
   *     Wasserstein) or the threshold is out of the test's range
   */
  public ColumnDriftResult categorical(String column, String[] reference, String[] current, DriftTest test, double threshold) {
    requireThreshold(test, threshold);
    CategoricalComparison c = CategoricalDrift.compare(reference, current);
    return switch (test) {
      case CHI_SQUARE -> {
        ChiSquareResult chi = c.chiSquare();
        yield ColumnDriftResult.of(column, test, chi.statistic(), OptionalDouble.of(chi.pValue()), threshold);
      }
      case JENSEN_SHANNON -> ColumnDriftResult.of(column, test, c.jensenShannon(), OptionalDouble.empty(), threshold);
      case PSI -> ColumnDriftResult.of(column, test, c.psi(), OptionalDouble.empty(), threshold);
      case KOLMOGOROV_SMIRNOV, WASSERSTEIN_NORMED ->
          throw new IllegalArgumentException(test.wireName() + " applies to numeric columns");
    };
  }

  private static void requireThreshold(DriftTest test, double threshold) {
    if (!test.acceptsThreshold(threshold)) {
      throw new IllegalArgumentException("threshold " + threshold + " is out of range for " + test.wireName()
          + (test.usesPValue() ? " (a p-value in (0, 1))" : " (a distance >= 0)"));
    }
  }

  /** Categorical column against a reference profile. */
  public ColumnDriftResult categorical(String column, CategoricalProfile reference, String[] current) {
    return categorical(column, reference.compare(current), reference.count());
  }

  private ColumnDriftResult categorical(String column, CategoricalComparison c, long refRows) {
    DriftTest test = autoCategoricalTest(refRows);
    double thr = config.thresholdFor(test);
    if (test == DriftTest.CHI_SQUARE) {
      ChiSquareResult chi = c.chiSquare();
      return ColumnDriftResult.of(column, test, chi.statistic(), OptionalDouble.of(chi.pValue()), thr);
    }
    return ColumnDriftResult.of(column, test, c.jensenShannon(), OptionalDouble.empty(), thr);
  }

  /**
   * Runs the automatic tests on every column present in the reference maps (a column missing from
   * the current data is an error) and summarises.
   */
  public DatasetDriftResult dataset(
      Map<String, double[]> numericReference, Map<String, double[]> numericCurrent,
      Map<String, String[]> categoricalReference, Map<String, String[]> categoricalCurrent) {
    List<ColumnDriftResult> out = new ArrayList<>();
    numericReference.forEach((name, ref) -> out.add(numeric(name, ref, require(numericCurrent, name))));
    categoricalReference.forEach((name, ref) -> out.add(categorical(name, ref, require(categoricalCurrent, name))));
    return summarize(out);
  }

  /** Dataset verdict from column results. */
  public DatasetDriftResult summarize(List<ColumnDriftResult> columns) {
    return DatasetDriftResult.of(columns, config.datasetDriftShare());
  }

  private static <T> T require(Map<String, T> m, String name) {
    T v = m.get(name);
    if (v == null) {
      throw new io.vigil.metrics.InvalidInputException("current data has no column '" + name + "'");
    }
    return v;
  }

  private static double scale(double[] sorted) {
    double mean = 0;
    for (double v : sorted) {
      mean += v;
    }
    mean /= sorted.length;
    double ss = 0;
    for (double v : sorted) {
      ss += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(ss / sorted.length);
    return std > 0 ? std : (mean != 0 ? Math.abs(mean) : 1.0);
  }
}
