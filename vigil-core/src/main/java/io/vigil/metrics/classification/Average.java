package io.vigil.metrics.classification;

/** How per-class precision, recall and F-scores are combined into one number. */
public enum Average {
  /** From the summed true positives, false positives and false negatives over all labels. */
  MICRO,
  /** Unweighted mean of the per-class values. */
  MACRO,
  /** Mean of the per-class values weighted by support (count in y_true). */
  WEIGHTED
}
