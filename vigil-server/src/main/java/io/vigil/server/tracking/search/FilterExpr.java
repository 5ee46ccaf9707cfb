package io.vigil.server.tracking.search;

import java.util.List;

/** The parsed form of a search filter: comparisons combined with AND and OR. */
public sealed interface FilterExpr {

  /** All operands must hold. */
  record And(List<FilterExpr> operands) implements FilterExpr {
    /** Copies the list. */
    public And {
      operands = List.copyOf(operands);
    }
  }

  /** At least one operand must hold. */
  record Or(List<FilterExpr> operands) implements FilterExpr {
    /** Copies the list. */
    public Or {
      operands = List.copyOf(operands);
    }
  }

  /**
   * One comparison, e.g. {@code metrics.acc > 0.9}. For attributes, {@code key} is the canonical attribute name
   * (aliases such as {@code created} resolved); for metrics, params and tags it is the user's key.
   */
  record Comparison(EntityType type, String key, Comparator comparator, FilterValue value) implements FilterExpr {}
}
