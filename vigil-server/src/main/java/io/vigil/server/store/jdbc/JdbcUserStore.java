package io.vigil.server.store.jdbc;

import io.vigil.model.VigilException;
import io.vigil.server.store.UserStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link UserStore} on JDBC. */
public final class JdbcUserStore implements UserStore {
  private static final String USER_COLUMNS = "username, password_hash, is_admin, created";
  private static final String TOKEN_COLUMNS = "id, username, token_hash, name, created, expires_at, revoked";
  private final Database db;

  public JdbcUserStore(Database db) {
    this.db = db;
  }

  @Override
  public User createUser(User u) {
    return db.write(c -> {
      if (userExists(c, u.username())) throw VigilException.alreadyExists("User '" + u.username() + "' already exists.");
      try (PreparedStatement ps = StatementCache.prepare(c,
          "INSERT INTO users (" + USER_COLUMNS + ") VALUES (?, ?, ?, ?)")) {
        ps.setString(1, u.username());
        ps.setString(2, u.passwordHash());
        ps.setInt(3, u.admin() ? 1 : 0);
        ps.setLong(4, u.created());
        ps.executeUpdate();
      }
      return u;
    });
  }

  private static boolean userExists(Connection c, String username) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, "SELECT 1 FROM users WHERE username = ?")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public Optional<User> findUser(String username) {
    return db.read(c -> users(c, "SELECT " + USER_COLUMNS + " FROM users WHERE username = ?", username)
        .stream().findFirst());
  }

  @Override
  public List<User> listUsers() {
    return db.read(c -> users(c, "SELECT " + USER_COLUMNS + " FROM users ORDER BY username", null));
  }

  private static List<User> users(Connection c, String sql, String arg) throws SQLException {
    List<User> out = new ArrayList<>();
    try (PreparedStatement ps = StatementCache.prepare(c, sql)) {
      if (arg != null) ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new User(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getLong(4)));
      }
    }
    return out;
  }

  @Override
  public void setPassword(String username, String passwordHash) {
    db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c, "UPDATE users SET password_hash = ? WHERE username = ?")) {
        ps.setString(1, passwordHash);
        ps.setString(2, username);
        if (ps.executeUpdate() == 0) throw VigilException.notFound("No user '" + username + "'.");
      }
      return null;
    });
  }

  @Override
  public long countUsers() {
    return db.read(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c, "SELECT COUNT(*) FROM users");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public ApiToken createToken(ApiToken t) {
    return db.write(c -> {
      if (!userExists(c, t.username())) throw VigilException.notFound("No user '" + t.username() + "'.");
      try (PreparedStatement ps = StatementCache.prepare(c,
          "INSERT INTO api_tokens (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, t.id());
        ps.setString(2, t.username());
        ps.setString(3, t.tokenHash());
        ps.setString(4, t.name());
        ps.setLong(5, t.created());
        if (t.expiresAt() == null) ps.setNull(6, Types.BIGINT);
        else ps.setLong(6, t.expiresAt());
        ps.setInt(7, t.revoked() ? 1 : 0);
        ps.executeUpdate();
      }
      return t;
    });
  }

  @Override
  public Optional<ApiToken> findTokenByHash(String tokenHash) {
    return db.read(c -> tokens(c, "SELECT " + TOKEN_COLUMNS + " FROM api_tokens WHERE token_hash = ?", tokenHash)
        .stream().findFirst());
  }

  @Override
  public Optional<ApiToken> findToken(String id) {
    return db.read(c -> tokens(c, "SELECT " + TOKEN_COLUMNS + " FROM api_tokens WHERE id = ?", id).stream().findFirst());
  }

  @Override
  public List<ApiToken> listTokens(String username) {
    return db.read(c -> tokens(c, "SELECT " + TOKEN_COLUMNS + " FROM api_tokens WHERE username = ? ORDER BY created, id",
        username));
  }

  private static List<ApiToken> tokens(Connection c, String sql, String arg) throws SQLException {
    List<ApiToken> out = new ArrayList<>();
    try (PreparedStatement ps = StatementCache.prepare(c, sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long expires = rs.getLong(6);
          Long expiresAt = rs.wasNull() ? null : expires;
          out.add(new ApiToken(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
              expiresAt, rs.getInt(7) != 0));
        }
      }
    }
    return out;
  }

  @Override
  public void revokeToken(String id) {
    db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c, "UPDATE api_tokens SET revoked = 1 WHERE id = ?")) {
        ps.setString(1, id);
        if (ps.executeUpdate() == 0) throw VigilException.notFound("No API token with id '" + id + "'.");
      }
      return null;
    });
  }
}
