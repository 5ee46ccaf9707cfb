package io.vigil.server.tracking;

/** MLflow's documented limits, enforced by rejecting (never truncating) what exceeds them. */
public final class TrackingLimits {
  public static final int MAX_BATCH_METRICS = 1000;
  public static final int MAX_BATCH_PARAMS = 100;
  public static final int MAX_BATCH_TAGS = 100;
  public static final int MAX_BATCH_ENTITIES = 1000;
  public static final int MAX_KEY_LENGTH = 250;
  public static final int MAX_PARAM_VALUE_LENGTH = 6000;
  public static final int MAX_TAG_VALUE_LENGTH = 5000;
  public static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
  public static final int MAX_RUN_NAME_LENGTH = 250;
  public static final int MAX_SEARCH_RESULTS = 50_000;
  public static final int DEFAULT_SEARCH_RESULTS = 1000;
  /** Largest page get-history serves; a request without max_results gets the whole history. */
  public static final int MAX_HISTORY_PAGE = 1_000_000;

  private TrackingLimits() {}
}
