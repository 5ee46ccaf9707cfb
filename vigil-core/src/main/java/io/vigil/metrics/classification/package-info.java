/**
 * Label-based classification metrics (scikit-learn 1.2.1 semantics, {@code zero_division=0}).
 *
 * <p>Everything derives from a {@link io.vigil.metrics.classification.ConfusionMatrix}, which is
 * built by a streaming accumulator ({@link io.vigil.metrics.classification.LabelConfusionAccumulator}
 * for arbitrary labels, {@link io.vigil.metrics.classification.ConfusionCounter} for int-coded
 * labels), so every label metric can be computed per window or per partition and merged.
 */
package io.vigil.metrics.classification;
