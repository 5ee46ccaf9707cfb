package io.vigil.metrics.regression;

/** Compensated (Neumaier) running sum: keeps long streams and merged partitions accurate to ~1 ulp. */
final class NeumaierSum {
  private double sum;
  private double comp;

  void add(double x) {
    double t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) {
      comp += (sum - t) + x;
    } else {
      comp += (x - t) + sum;
    }
    sum = t;
  }

  void merge(NeumaierSum o) {
    add(o.sum);
    comp += o.comp;
  }

  double value() {
    return sum + comp;
  }
}
