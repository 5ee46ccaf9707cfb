package io.vigil.server.store;

import java.util.List;

/**
 * A parsed search of registered models or model versions: conditions joined by AND, then ordering
 * and an offset page.
 *
 * @param conditions all must hold
 * @param orderBy ordering keys in order of precedence; empty means the default order
 * @param readableBy when not null, keeps only models (and versions of models) that user may read
 */
public record RegistrySearch(List<Condition> conditions, List<Order> orderBy, int maxResults, String pageToken,
    ReadableBy readableBy) {

  public RegistrySearch(List<Condition> conditions, List<Order> orderBy, int maxResults, String pageToken) {
    this(conditions, orderBy, maxResults, pageToken, null);
  }

  /** A searchable attribute of models and versions. */
  public enum Field { NAME, RUN_ID, SOURCE_PATH, VERSION_NUMBER, TAG }

  /**
   * One comparison.
   *
   * @param tagKey the tag's key when {@code field} is TAG, else null
   * @param op one of {@code = != < <= > >= LIKE ILIKE IN}
   * @param values one value, or several for IN
   */
  public record Condition(Field field, String tagKey, String op, List<String> values) {}

  /** An ordering key: NAME, VERSION_NUMBER, CREATION_TIMESTAMP or LAST_UPDATED_TIMESTAMP. */
  public record Order(String key, boolean ascending) {}
}
