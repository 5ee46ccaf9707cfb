package io.vigil.server.store;

import java.util.List;

/** The audit log of state-changing requests (table audit_log, migration V8). */
public interface AuditStore {
  /**
   * One recorded request: when ({@code at}, epoch millis), who ({@code username}, "anonymous" without
   * authentication), what ({@code method}, {@code path}, and the main {@code target} id when known,
   * else null), how it ended ({@code status}) and from where ({@code clientIp}). {@code id} is assigned
   * when stored (0 before).
   */
  record Entry(long id, long at, String username, String method, String path, int status, String clientIp,
      String target) {}

  /**
   * A search, newest first: {@code username} null for everyone; {@code since}/{@code until} epoch
   * millis, inclusive and exclusive, null for no bound; {@code pageToken} from a previous page or null.
   */
  record Query(String username, Long since, Long until, int maxResults, String pageToken) {}

  /** Appends entries in one transaction. */
  void append(List<Entry> entries);

  Page<Entry> search(Query query);

  /** Deletes entries recorded before {@code millis}; returns how many. */
  int deleteBefore(long millis);
}
