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
  public void setAdmin(String username, boolean admin) {
    db.write(c -> {
      if (!admin) refuseLastAdmin(c, username, "demote");
      try (PreparedStatement ps = StatementCache.prepare(c, "UPDATE users SET is_admin = ? WHERE username = ?")) {
        ps.setInt(1, admin ? 1 : 0);
        ps.setString(2, username);
        if (ps.executeUpdate() == 0) throw VigilException.notFound("No user '" + username + "'.");
      }
      return null;
    });
  }

  @Override
  public DeletedUser deleteUser(String username) {
    return db.write(c -> {
      if (!userExists(c, username)) throw VigilException.notFound("No user '" + username + "'.");
      refuseLastAdmin(c, username, "delete");
      // Explicit deletes: SQLite enforces the api_tokens foreign key (and its cascade) only with
      // PRAGMA foreign_keys on, and the grant tables have no foreign key at all.
      int tokens = deleteByUsername(c, "DELETE FROM api_tokens WHERE username = ?", username);
      int experimentGrants = deleteByUsername(c, "DELETE FROM experiment_permissions WHERE username = ?", username);
      int modelGrants = deleteByUsername(c, "DELETE FROM registered_model_permissions WHERE username = ?", username);
      deleteByUsername(c, "DELETE FROM users WHERE username = ?", username);
      return new DeletedUser(username, tokens, experimentGrants, modelGrants);
    });
  }

  private static int deleteByUsername(Connection c, String sql, String username) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, sql)) {
      ps.setString(1, username);
      return ps.executeUpdate();
    }
  }

  /**
   * INVALID_PARAMETER_VALUE when {@code username} is the only admin. On PostgreSQL the admin rows are
   * locked first, so a concurrent demotion or delete waits and then counts what this one left.
   */
  private void refuseLastAdmin(Connection c, String username, String action) throws SQLException {
    String lock = db.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    List<String> admins = new ArrayList<>();
    try (PreparedStatement ps = StatementCache.prepare(c, "SELECT username FROM users WHERE is_admin = 1" + lock);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) admins.add(rs.getString(1));
    }
    if (admins.size() == 1 && admins.get(0).equals(username)) {
      throw VigilException.invalid("Cannot " + action + " '" + username + "': it is the last admin; make another user"
          + " an admin first.");
    }
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
