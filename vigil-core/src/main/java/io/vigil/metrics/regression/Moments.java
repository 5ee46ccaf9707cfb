package io.vigil.metrics.regression;

/**
 * Count, mean and sum of squared deviations (M2) by Welford's update and Chan's merge. Values are
 * shifted by the first value seen, so that the running mean is stored relative to it: with a large
 * offset (1e8 ± 1) the mean update then rounds at the scale of the spread, not of the offset.
 */
final class Moments {
  private long n;
  private double shift;
  private double mean; // relative to shift
  private double m2;

  void add(double x) {
    if (n == 0) {
      shift = x;
    }
    n++;
    double d = (x - shift) - mean;
    mean += d / n;
    m2 += d * ((x - shift) - mean);
  }

  void merge(Moments o) {
    if (o.n == 0) {
      return;
    }
    if (n == 0) {
      n = o.n;
      shift = o.shift;
      mean = o.mean;
      m2 = o.m2;
      return;
    }
    long total = n + o.n;
    double d = ((o.shift - shift) + o.mean) - mean;
    m2 += o.m2 + d * d * ((double) n * o.n / total);
    mean += d * ((double) o.n / total);
    n = total;
  }

  /** Sum of squared deviations from the mean; exactly 0 when all values were equal. */
  double m2() {
    return m2;
  }
}
