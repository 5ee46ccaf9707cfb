package io.vigil.drift;

import io.vigil.metrics.InvalidInputException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** Mergeable category counts of a reference column; exact (a count per category). */
public final class CategoricalProfile {
  private final Map<String, Long> counts;
  private final long total;

  private CategoricalProfile(Map<String, Long> counts) {
    this.counts = Collections.unmodifiableMap(counts);
    this.total = counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Profile of a sample; rejects empty samples and null categories. */
  public static CategoricalProfile of(String[] values) {
    return new CategoricalProfile(new HashMap<>(CategoricalDrift.counts(values, "reference")));
  }

  /** Category → count. */
  public Map<String, Long> counts() {
    return counts;
  }

  public long count() {
    return total;
  }

  /** Sum of counts per category. */
  public CategoricalProfile merge(CategoricalProfile other) {
    Map<String, Long> m = new HashMap<>(counts);
    other.counts.forEach((k, v) -> m.merge(k, v, Long::sum));
    return new CategoricalProfile(m);
  }

  /** Compares a current sample against this profile. */
  public CategoricalComparison compare(String[] current) {
    if (total == 0) {
      throw new InvalidInputException("reference profile is empty");
    }
    return CategoricalDrift.compare(counts, CategoricalDrift.counts(current, "current"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CategoricalProfile p && counts.equals(p.counts);
  }

  @Override
  public int hashCode() {
    return counts.hashCode();
  }
}
