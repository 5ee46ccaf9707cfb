package io.vigil.server.store.jdbc;

import io.vigil.model.VigilException;
import io.vigil.server.store.AuditStore;
import io.vigil.server.store.Page;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@link AuditStore} on JDBC (table audit_log, migration V8). Pages are keyset pages by id, newest
 * first, so entries appended while an admin pages through do not shift the pages.
 */
public final class JdbcAuditStore implements AuditStore {
  private static final String TOKEN_PREFIX = "audit-before:";
  private final Database db;

  public JdbcAuditStore(Database db) {
    this.db = db;
  }

  @Override
  public void append(List<Entry> entries) {
    if (entries.isEmpty()) return;
    db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c, "INSERT INTO audit_log"
          + " (at, username, method, path, status, client_ip, target) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (Entry e : entries) {
          ps.setLong(1, e.at());
          ps.setString(2, e.username());
          ps.setString(3, e.method());
          ps.setString(4, e.path());
          ps.setInt(5, e.status());
          ps.setString(6, e.clientIp());
          if (e.target() == null) ps.setNull(7, Types.VARCHAR);
          else ps.setString(7, e.target());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public Page<Entry> search(Query q) {
    long before = beforeId(q.pageToken());
    StringBuilder sql = new StringBuilder("SELECT id, at, username, method, path, status, client_ip, target"
        + " FROM audit_log WHERE id < ?");
    List<Object> args = new ArrayList<>();
    args.add(before);
    if (q.username() != null) {
      sql.append(" AND username = ?");
      args.add(q.username());
    }
    if (q.since() != null) {
      sql.append(" AND at >= ?");
      args.add(q.since());
    }
    if (q.until() != null) {
      sql.append(" AND at < ?");
      args.add(q.until());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add((long) q.maxResults() + 1);
    return db.read(c -> {
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement ps = StatementCache.prepare(c, sql.toString())) {
        for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Entry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getString(7), rs.getString(8)));
          }
        }
      }
      if (out.size() <= q.maxResults()) return new Page<>(out, null);
      List<Entry> page = out.subList(0, q.maxResults());
      return new Page<>(List.copyOf(page), token(page.get(page.size() - 1).id()));
    });
  }

  @Override
  public int deleteBefore(long millis) {
    return db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c, "DELETE FROM audit_log WHERE at < ?")) {
        ps.setLong(1, millis);
        return ps.executeUpdate();
      }
    });
  }

  private static String token(long beforeId) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((TOKEN_PREFIX + beforeId).getBytes(StandardCharsets.UTF_8));
  }

  private static long beforeId(String token) {
    if (token == null || token.isEmpty()) return Long.MAX_VALUE;
    try {
      String text = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
      if (text.startsWith(TOKEN_PREFIX)) return Long.parseLong(text.substring(TOKEN_PREFIX.length()));
    } catch (IllegalArgumentException notOurs) {
      // falls through to the error below
    }
    throw VigilException.invalid("Invalid page token for the audit log.");
  }
}
