package io.vigil.server.store.jdbc;

import io.vigil.model.VigilException;
import io.vigil.server.store.PermissionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link PermissionStore} on JDBC (tables experiment_permissions and registered_model_permissions, migration V6). */
public final class JdbcPermissionStore implements PermissionStore {
  private final Database db;

  public JdbcPermissionStore(Database db) {
    this.db = db;
  }

  private static long id(String experimentId) {
    try {
      return Long.parseLong(experimentId);
    } catch (NumberFormatException | NullPointerException e) {
      throw VigilException.invalid("Invalid experiment id '" + experimentId + "'.");
    }
  }

  @Override
  public void grantExperiment(String experimentId, String username, String permission) {
    long id = id(experimentId);
    db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "INSERT INTO experiment_permissions (experiment_id, username, permission) VALUES (?, ?, ?)"
              + " ON CONFLICT (experiment_id, username) DO UPDATE SET permission = excluded.permission")) {
        ps.setLong(1, id);
        ps.setString(2, username);
        ps.setString(3, permission);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public boolean revokeExperiment(String experimentId, String username) {
    long id = id(experimentId);
    return db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "DELETE FROM experiment_permissions WHERE experiment_id = ? AND username = ?")) {
        ps.setLong(1, id);
        ps.setString(2, username);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public Optional<String> experimentPermission(String experimentId, String username) {
    long id;
    try {
      id = Long.parseLong(experimentId);
    } catch (NumberFormatException | NullPointerException e) {
      return Optional.empty();
    }
    return db.read(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "SELECT permission FROM experiment_permissions WHERE experiment_id = ? AND username = ?")) {
        ps.setLong(1, id);
        ps.setString(2, username);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  @Override
  public Map<String, String> experimentPermissions(String experimentId) {
    long id = id(experimentId);
    return db.read(c -> {
      Map<String, String> out = new LinkedHashMap<>();
      try (PreparedStatement ps = StatementCache.prepare(c,
          "SELECT username, permission FROM experiment_permissions WHERE experiment_id = ? ORDER BY username")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.put(rs.getString(1), rs.getString(2));
        }
      }
      return out;
    });
  }

  // ---- registered models (renames and deletes move or drop these grants in JdbcRegistryStore)

  @Override
  public void grantModel(String name, String username, String permission) {
    db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "INSERT INTO registered_model_permissions (name, username, permission) VALUES (?, ?, ?)"
              + " ON CONFLICT (name, username) DO UPDATE SET permission = excluded.permission")) {
        ps.setString(1, name);
        ps.setString(2, username);
        ps.setString(3, permission);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public boolean revokeModel(String name, String username) {
    return db.write(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "DELETE FROM registered_model_permissions WHERE name = ? AND username = ?")) {
        ps.setString(1, name);
        ps.setString(2, username);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public Optional<String> modelPermission(String name, String username) {
    return db.read(c -> {
      try (PreparedStatement ps = StatementCache.prepare(c,
          "SELECT permission FROM registered_model_permissions WHERE name = ? AND username = ?")) {
        ps.setString(1, name);
        ps.setString(2, username);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  @Override
  public Map<String, String> modelPermissions(String name) {
    return db.read(c -> {
      Map<String, String> out = new LinkedHashMap<>();
      try (PreparedStatement ps = StatementCache.prepare(c,
          "SELECT username, permission FROM registered_model_permissions WHERE name = ? ORDER BY username")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.put(rs.getString(1), rs.getString(2));
        }
      }
      return out;
    });
  }
}
