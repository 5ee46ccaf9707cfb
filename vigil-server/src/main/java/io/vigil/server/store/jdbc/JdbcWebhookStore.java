package io.vigil.server.store.jdbc;

import io.vigil.model.VigilException;
import io.vigil.server.store.WebhookStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link WebhookStore} on JDBC. */
public final class JdbcWebhookStore implements WebhookStore {
  private static final String COLUMNS = "webhook_id, url, events, secret, description, created_at";
  private final Database db;

  public JdbcWebhookStore(Database db) {
    this.db = db;
  }

  @Override
  public Webhook createWebhook(Webhook w) {
    return db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "INSERT INTO webhooks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, w.id());
        ps.setString(2, w.url());
        ps.setString(3, String.join(",", w.events()));
        ps.setString(4, w.secret());
        ps.setString(5, w.description());
        ps.setLong(6, w.createdAt());
        ps.executeUpdate();
      }
      return w;
    });
  }

  @Override
  public List<Webhook> listWebhooks() {
    return db.read(c -> query(c, "SELECT " + COLUMNS + " FROM webhooks ORDER BY created_at, webhook_id", null));
  }

  @Override
  public Optional<Webhook> getWebhook(String id) {
    return db.read(c -> query(c, "SELECT " + COLUMNS + " FROM webhooks WHERE webhook_id = ?", id).stream().findFirst());
  }

  private static List<Webhook> query(Connection c, String sql, String id) throws SQLException {
    List<Webhook> out = new ArrayList<>();
    try (PreparedStatement ps = StatementCache.prepare(c, sql)) {
      if (id != null) ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Webhook(rs.getString(1), rs.getString(2), List.copyOf(Arrays.asList(rs.getString(3).split(","))),
              rs.getString(4), rs.getString(5), rs.getLong(6)));
        }
      }
    }
    return out;
  }

  @Override
  public void deleteWebhook(String id) {
    db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c, "DELETE FROM webhook_deliveries WHERE webhook_id = ?")) {
        ps.setString(1, id);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = StatementCache.prepare(c, "DELETE FROM webhooks WHERE webhook_id = ?")) {
        ps.setString(1, id);
        if (ps.executeUpdate() == 0) throw VigilException.notFound("No webhook with id " + id + ".");
      }
      return null;
    });
  }

  @Override
  public void logAttempt(Attempt a) {
    db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c, "INSERT INTO webhook_deliveries (webhook_id, delivery_id, event,"
          + " attempt, attempted_at, status_code, success, error, duration_ms)"
          + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM webhooks WHERE webhook_id = ?)")) {
        ps.setString(1, a.webhookId());
        ps.setString(2, a.deliveryId());
        ps.setString(3, a.event());
        ps.setInt(4, a.attempt());
        ps.setLong(5, a.attemptedAt());
        if (a.statusCode() == null) ps.setNull(6, java.sql.Types.BIGINT);
        else ps.setInt(6, a.statusCode());
        ps.setInt(7, a.success() ? 1 : 0);
        ps.setString(8, a.error());
        ps.setLong(9, a.durationMs());
        ps.setString(10, a.webhookId());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public List<Attempt> attempts(String webhookId, int limit) {
    return db.read(c -> {
      List<Attempt> out = new ArrayList<>();
      try (PreparedStatement ps = StatementCache.prepare(c, "SELECT id, webhook_id, delivery_id, event, attempt, attempted_at,"
          + " status_code, success, error, duration_ms FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?")) {
        ps.setString(1, webhookId);
        ps.setInt(2, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int status = rs.getInt(7);
            Integer code = rs.wasNull() ? null : status;
            out.add(new Attempt(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getLong(6), code, rs.getInt(8) == 1, rs.getString(9), rs.getLong(10)));
          }
        }
      }
      return out;
    });
  }
}
