/** Model-quality metrics that match scikit-learn 1.2.1: classification, probabilistic, regression, streaming accumulators. */
package io.vigil.metrics;
