package io.vigil.server.store.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Prepared statements kept per physical connection and reused across transactions. Profiling the
 * write path showed SQLite spending about half its time re-preparing the same few statements;
 * Hikari closes statements made through its proxy when the connection returns to the pool, so the
 * cache prepares on the physical connection. The statements handed out ignore {@code close()}, so
 * callers keep their usual try-with-resources; only one thread uses a connection at a time.
 */
final class StatementCache {
  /** Statements kept per connection; searches build SQL per filter shape, so the least recently used go. */
  static final int CAPACITY = 128;

  private static final Map<Connection, Map<String, PreparedStatement>> CACHE =
      Collections.synchronizedMap(new WeakHashMap<>());

  private StatementCache() {}

  static PreparedStatement prepare(Connection c, String sql) throws SQLException {
    Connection physical = c.unwrap(Connection.class);
    Map<String, PreparedStatement> statements = CACHE.computeIfAbsent(physical, k -> lru());
    PreparedStatement ps = statements.get(sql);
    if (ps == null || ps.isClosed()) {
      ps = uncloseable(physical.prepareStatement(sql));
      statements.put(sql, ps);
    }
    return ps;
  }

  private static Map<String, PreparedStatement> lru() {
    return new LinkedHashMap<>(CAPACITY * 2, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
        if (size() <= CAPACITY) return false;
        try {
          eldest.getValue().unwrap(PreparedStatement.class).close();
        } catch (SQLException ignored) {
          // closing a statement we no longer use; nothing to do
        }
        return true;
      }
    };
  }

  private static PreparedStatement uncloseable(PreparedStatement target) {
    return (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "close":
              target.clearParameters();
              return null;
            case "isClosed":
              return target.isClosed();
            case "unwrap":
              return target;
            default:
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
          }
        });
  }
}
