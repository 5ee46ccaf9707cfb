package io.vigil.model;

/** Which lifecycle stages a search returns (MLflow's run_view_type / view_type). */
public enum ViewType {
  ACTIVE_ONLY,
  DELETED_ONLY,
  ALL
}
