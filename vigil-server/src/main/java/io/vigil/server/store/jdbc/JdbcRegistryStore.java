package io.vigil.server.store.jdbc;

import io.vigil.model.AliasMove;
import io.vigil.model.ModelVersion;
import io.vigil.model.RegisteredModel;
import io.vigil.model.VigilException;
import io.vigil.server.store.NewModelVersion;
import io.vigil.server.store.Page;
import io.vigil.server.store.PageTokens;
import io.vigil.server.store.ReadableBy;
import io.vigil.server.store.RegistrySearch;
import io.vigil.server.store.RegistrySearch.Condition;
import io.vigil.server.store.RegistryStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link RegistryStore} on JDBC; the SQL is shared by SQLite and PostgreSQL. */
public final class JdbcRegistryStore implements RegistryStore {
  /** MLflow's stages, in the order latest versions are listed. */
  public static final List<String> STAGES = List.of("None", "Staging", "Production", "Archived");
  private static final String VERSION_COLUMNS = "v.name, v.version, v.creation_time, v.last_updated_time, v.user_id,"
      + " v.current_stage, v.description, v.source, v.run_id, v.status, v.status_message, v.run_link";

  private final Database db;
  private final Clock clock;

  public JdbcRegistryStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  // ------------------------------------------------------------------ registered models

  @Override
  public RegisteredModel createRegisteredModel(String name, String description, Map<String, String> tags) {
    long now = clock.millis();
    return db.write(c -> {
      if (modelExists(c, name)) throw VigilException.alreadyExists("Registered Model (name=" + name + ") already exists.");
      try (PreparedStatement ps = StatementCache.prepare(c, "INSERT INTO registered_models (name, creation_time,"
          + " last_updated_time, description, last_version) VALUES (?, ?, ?, ?, 0)")) {
        ps.setString(1, name);
        ps.setLong(2, now);
        ps.setLong(3, now);
        ps.setString(4, description == null ? "" : description);
        ps.executeUpdate();
      } catch (SQLException e) {
        if (db.dialect().isUniqueViolation(e)) throw VigilException.alreadyExists("Registered Model (name=" + name + ") already exists.");
        throw e;
      }
      for (Map.Entry<String, String> t : tags.entrySet()) upsertModelTag(c, name, t.getKey(), t.getValue());
      return loadModel(c, name).orElseThrow();
    });
  }

  @Override
  public Optional<RegisteredModel> getRegisteredModel(String name) {
    return db.read(c -> loadModel(c, name));
  }

  @Override
  public RegisteredModel renameRegisteredModel(String name, String newName) {
    long now = clock.millis();
    return db.write(c -> {
      requireModel(c, name);
      if (!name.equals(newName) && modelExists(c, newName)) {
        throw VigilException.alreadyExists("Registered Model (name=" + newName + ") already exists.");
      }
      try (PreparedStatement ps = StatementCache.prepare(c,
          "UPDATE registered_models SET name = ?, last_updated_time = ? WHERE name = ?")) {
        ps.setString(1, newName);
        ps.setLong(2, now);
        ps.setString(3, name);
        ps.executeUpdate();
      }
      if (!name.equals(newName)) moveGrants(c, name, newName);
      return loadModel(c, newName).orElseThrow();
    });
  }

  @Override
  public RegisteredModel updateRegisteredModel(String name, String description) {
    long now = clock.millis();
    return db.write(c -> {
      requireModel(c, name);
      try (PreparedStatement ps = StatementCache.prepare(c,
          "UPDATE registered_models SET description = ?, last_updated_time = ? WHERE name = ?")) {
        ps.setString(1, description == null ? "" : description);
        ps.setLong(2, now);
        ps.setString(3, name);
        ps.executeUpdate();
      }
      return loadModel(c, name).orElseThrow();
    });
  }

  @Override
  public void deleteRegisteredModel(String name) {
    db.write(c -> {
      requireModel(c, name);
      // Children first: SQLite and PostgreSQL both cascade, but explicit deletes keep the order obvious.
      // Grants go too: a later model of the same name must not inherit them.
      for (String table : List.of("registered_model_aliases", "model_version_tags", "model_versions",
          "registered_model_tags", "alias_history", "registered_model_permissions", "registered_models")) {
        try (PreparedStatement ps = StatementCache.prepare(c, "DELETE FROM " + table + " WHERE name = ?")) {
          ps.setString(1, name);
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  /** A renamed model keeps its grants, in the rename's transaction (stale grants on the new name are dropped). */
  private static void moveGrants(Connection c, String name, String newName) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, "DELETE FROM registered_model_permissions WHERE name = ?")) {
      ps.setString(1, newName);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = StatementCache.prepare(c, "UPDATE registered_model_permissions SET name = ? WHERE name = ?")) {
      ps.setString(1, newName);
      ps.setString(2, name);
      ps.executeUpdate();
    }
  }

  /**
   * Keeps only models {@code readableBy} may read (nothing when null): a READ, EDIT or MANAGE grant,
   * or no grant at all when the default permission includes READ; filtered in SQL so that pages and
   * page tokens never count what the caller cannot see.
   */
  private static void readable(StringBuilder sql, List<Object> args, String nameColumn, ReadableBy readableBy) {
    if (readableBy == null) return;
    String granted = nameColumn + " IN (SELECT p.name FROM registered_model_permissions p WHERE p.username = ?"
        + " AND p.permission IN ('READ', 'EDIT', 'MANAGE'))";
    args.add(readableBy.username());
    if (!readableBy.defaultRead()) {
      sql.append(" AND ").append(granted);
      return;
    }
    args.add(readableBy.username());
    sql.append(" AND (").append(granted).append(" OR ").append(nameColumn)
        .append(" NOT IN (SELECT p.name FROM registered_model_permissions p WHERE p.username = ?))");
  }

  @Override
  public Page<RegisteredModel> searchRegisteredModels(RegistrySearch search) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT m.name FROM registered_models m WHERE 1 = 1");
    for (Condition cond : search.conditions()) {
      sql.append(" AND ");
      switch (cond.field()) {
        case NAME -> compare(sql, args, "m.name", cond);
        case TAG -> {
          sql.append("EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.name = m.name AND t.key = ? AND ");
          args.add(cond.tagKey());
          compare(sql, args, "t.value", cond);
          sql.append(')');
        }
        default -> throw VigilException.invalid("Invalid attribute key '" + cond.field().name().toLowerCase()
            + "' for registered models.");
      }
    }
    readable(sql, args, "m.name", search.readableBy());
    sql.append(" ORDER BY ").append(orderBy(search.orderBy(), "m", "m.name ASC"));
    long offset = PageTokens.offset(search.pageToken());
    sql.append(" LIMIT ? OFFSET ?");
    args.add(search.maxResults() + 1L);
    args.add(offset);
    return db.read(c -> {
      List<String> names = new ArrayList<>();
      try (PreparedStatement ps = StatementCache.prepare(c, sql.toString())) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) names.add(rs.getString(1));
        }
      }
      String next = null;
      if (names.size() > search.maxResults()) {
        names = names.subList(0, search.maxResults());
        next = PageTokens.offsetToken(offset + search.maxResults());
      }
      List<RegisteredModel> models = new ArrayList<>();
      for (String n : names) models.add(loadModel(c, n).orElseThrow());
      return new Page<>(models, next);
    });
  }

  @Override
  public void setRegisteredModelTag(String name, String key, String value) {
    long now = clock.millis();
    db.write(c -> {
      requireModel(c, name);
      upsertModelTag(c, name, key, value);
      touchModel(c, name, now);
      return null;
    });
  }

  @Override
  public void deleteRegisteredModelTag(String name, String key) {
    db.write(c -> {
      requireModel(c, name);
      try (PreparedStatement ps = StatementCache.prepare(c, "DELETE FROM registered_model_tags WHERE name = ? AND key = ?")) {
        ps.setString(1, name);
        ps.setString(2, key);
        if (ps.executeUpdate() == 0) {
          throw VigilException.notFound("Registered model tag with name=" + name + ", key=" + key + " not found");
        }
      }
      return null;
    });
  }

  // ------------------------------------------------------------------ model versions

  @Override
  public ModelVersion createModelVersion(NewModelVersion v) {
    long now = clock.millis();
    return db.write(c -> {
      requireModel(c, v.name());
      long version;
      try (PreparedStatement ps = StatementCache.prepare(c,
          "UPDATE registered_models SET last_version = last_version + 1, last_updated_time = ? WHERE name = ?"
              + " RETURNING last_version")) {
        ps.setLong(1, now);
        ps.setString(2, v.name());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          version = rs.getLong(1);
        }
      }
      try (PreparedStatement ps = StatementCache.prepare(c, "INSERT INTO model_versions (name, version, creation_time,"
          + " last_updated_time, user_id, current_stage, description, source, run_id, status, status_message, run_link)"
          + " VALUES (?, ?, ?, ?, ?, 'None', ?, ?, ?, 'READY', '', ?)")) {
        ps.setString(1, v.name());
        ps.setLong(2, version);
        ps.setLong(3, now);
        ps.setLong(4, now);
        ps.setString(5, orEmpty(v.userId()));
        ps.setString(6, orEmpty(v.description()));
        ps.setString(7, v.source());
        ps.setString(8, v.runId() == null || v.runId().isEmpty() ? null : v.runId());
        ps.setString(9, orEmpty(v.runLink()));
        ps.executeUpdate();
      }
      for (Map.Entry<String, String> t : v.tags().entrySet()) upsertVersionTag(c, v.name(), version, t.getKey(), t.getValue());
      return loadVersion(c, v.name(), version).orElseThrow();
    });
  }

  @Override
  public Optional<ModelVersion> getModelVersion(String name, long version) {
    return db.read(c -> loadVersion(c, name, version));
  }

  @Override
  public ModelVersion updateModelVersion(String name, long version, String description) {
    long now = clock.millis();
    return db.write(c -> {
      requireVersion(c, name, version);
      try (PreparedStatement ps = StatementCache.prepare(c,
          "UPDATE model_versions SET description = ?, last_updated_time = ? WHERE name = ? AND version = ?")) {
        ps.setString(1, orEmpty(description));
        ps.setLong(2, now);
        ps.setString(3, name);
        ps.setLong(4, version);
        ps.executeUpdate();
      }
      return loadVersion(c, name, version).orElseThrow();
    });
  }

  @Override
  public ModelVersion transitionStage(String name, long version, String stage, boolean archiveExisting) {
    long now = clock.millis();
    return db.write(c -> {
      requireVersion(c, name, version);
      if (archiveExisting) {
        try (PreparedStatement ps = StatementCache.prepare(c, "UPDATE model_versions SET current_stage = 'Archived',"
            + " last_updated_time = ? WHERE name = ? AND current_stage = ? AND version <> ?")) {
          ps.setLong(1, now);
          ps.setString(2, name);
          ps.setString(3, stage);
          ps.setLong(4, version);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = StatementCache.prepare(c,
          "UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE name = ? AND version = ?")) {
        ps.setString(1, stage);
        ps.setLong(2, now);
        ps.setString(3, name);
        ps.setLong(4, version);
        ps.executeUpdate();
      }
      touchModel(c, name, now);
      return loadVersion(c, name, version).orElseThrow();
    });
  }

  @Override
  public void deleteModelVersion(String name, long version, String by) {
    long now = clock.millis();
    db.write(c -> {
      requireVersion(c, name, version);
      for (String alias : aliasesOf(c, name, version)) {
        deleteAliasRow(c, name, alias);
        appendHistory(c, name, alias, version, null, now, by, "version " + version + " deleted", "version-deleted");
      }
      for (String table : List.of("model_version_tags", "model_versions")) {
        try (PreparedStatement ps = StatementCache.prepare(c, "DELETE FROM " + table + " WHERE name = ? AND version = ?")) {
          ps.setString(1, name);
          ps.setLong(2, version);
          ps.executeUpdate();
        }
      }
      touchModel(c, name, now);
      return null;
    });
  }

  @Override
  public Page<ModelVersion> searchModelVersions(RegistrySearch search) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT v.name, v.version FROM model_versions v WHERE 1 = 1");
    for (Condition cond : search.conditions()) {
      sql.append(" AND ");
      switch (cond.field()) {
        case NAME -> compare(sql, args, "v.name", cond);
        case RUN_ID -> compare(sql, args, "v.run_id", cond);
        case SOURCE_PATH -> compare(sql, args, "v.source", cond);
        case VERSION_NUMBER -> compare(sql, args, "v.version", cond);
        case TAG -> {
          sql.append("EXISTS (SELECT 1 FROM model_version_tags t WHERE t.name = v.name AND t.version = v.version"
              + " AND t.key = ? AND ");
          args.add(cond.tagKey());
          compare(sql, args, "t.value", cond);
          sql.append(')');
        }
      }
    }
    readable(sql, args, "v.name", search.readableBy());
    sql.append(" ORDER BY ").append(orderBy(search.orderBy(), "v", "v.name ASC, v.version DESC"));
    long offset = PageTokens.offset(search.pageToken());
    sql.append(" LIMIT ? OFFSET ?");
    args.add(search.maxResults() + 1L);
    args.add(offset);
    return db.read(c -> {
      List<Object[]> keys = new ArrayList<>();
      try (PreparedStatement ps = StatementCache.prepare(c, sql.toString())) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) keys.add(new Object[] {rs.getString(1), rs.getLong(2)});
        }
      }
      String next = null;
      if (keys.size() > search.maxResults()) {
        keys = keys.subList(0, search.maxResults());
        next = PageTokens.offsetToken(offset + search.maxResults());
      }
      List<ModelVersion> versions = new ArrayList<>();
      for (Object[] k : keys) versions.add(loadVersion(c, (String) k[0], (Long) k[1]).orElseThrow());
      return new Page<>(versions, next);
    });
  }

  @Override
  public List<ModelVersion> latestVersions(String name, List<String> stages) {
    return db.read(c -> {
      requireModel(c, name);
      return latest(c, name, stages);
    });
  }

  @Override
  public void setModelVersionTag(String name, long version, String key, String value) {
    long now = clock.millis();
    db.write(c -> {
      requireVersion(c, name, version);
      upsertVersionTag(c, name, version, key, value);
      touchVersion(c, name, version, now);
      return null;
    });
  }

  @Override
  public void deleteModelVersionTag(String name, long version, String key) {
    db.write(c -> {
      requireVersion(c, name, version);
      try (PreparedStatement ps = StatementCache.prepare(c,
          "DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?")) {
        ps.setString(1, name);
        ps.setLong(2, version);
        ps.setString(3, key);
        if (ps.executeUpdate() == 0) {
          throw VigilException.notFound("Model version tag with name=" + name + ", version=" + version + ", key=" + key
              + " not found");
        }
      }
      return null;
    });
  }

  // ------------------------------------------------------------------ aliases

  @Override
  public AliasMove setAlias(String name, String alias, long version, String by, String reason, String kind) {
    long now = clock.millis();
    return db.write(c -> {
      requireVersion(c, name, version);
      Long from = aliasTarget(c, name, alias);
      if (from != null) deleteAliasRow(c, name, alias);
      try (PreparedStatement ps = StatementCache.prepare(c,
          "INSERT INTO registered_model_aliases (name, alias, version) VALUES (?, ?, ?)")) {
        ps.setString(1, name);
        ps.setString(2, alias);
        ps.setLong(3, version);
        ps.executeUpdate();
      }
      touchModel(c, name, now);
      return appendHistory(c, name, alias, from, version, now, by, reason, kind);
    });
  }

  @Override
  public AliasMove deleteAlias(String name, String alias, String by, String reason) {
    long now = clock.millis();
    return db.write(c -> {
      requireModel(c, name);
      Long from = aliasTarget(c, name, alias);
      if (from == null) throw VigilException.notFound("Registered model alias " + alias + " not found.");
      deleteAliasRow(c, name, alias);
      touchModel(c, name, now);
      return appendHistory(c, name, alias, from, null, now, by, reason, "delete");
    });
  }

  @Override
  public Optional<ModelVersion> getModelVersionByAlias(String name, String alias) {
    return db.read(c -> {
      requireModel(c, name);
      Long v = aliasTarget(c, name, alias);
      return v == null ? Optional.empty() : loadVersion(c, name, v);
    });
  }

  @Override
  public List<AliasMove> aliasHistory(String name, String alias) {
    return db.read(c -> {
      requireModel(c, name);
      String sql = "SELECT id, name, alias, from_version, to_version, moved_at, moved_by, reason, kind FROM alias_history"
          + " WHERE name = ?" + (alias == null ? "" : " AND alias = ?") + " ORDER BY id";
      List<AliasMove> moves = new ArrayList<>();
      try (PreparedStatement ps = StatementCache.prepare(c, sql)) {
        ps.setString(1, name);
        if (alias != null) ps.setString(2, alias);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            moves.add(new AliasMove(rs.getLong(1), rs.getString(2), rs.getString(3), nullableLong(rs, 4),
                nullableLong(rs, 5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9)));
          }
        }
      }
      return moves;
    });
  }

  // ------------------------------------------------------------------ helpers

  private static AliasMove appendHistory(Connection c, String name, String alias, Long from, Long to, long at,
      String by, String reason, String kind) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, "INSERT INTO alias_history (name, alias, from_version,"
        + " to_version, moved_at, moved_by, reason, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      ps.setString(1, name);
      ps.setString(2, alias);
      setNullableLong(ps, 3, from);
      setNullableLong(ps, 4, to);
      ps.setLong(5, at);
      ps.setString(6, orEmpty(by));
      ps.setString(7, orEmpty(reason));
      ps.setString(8, kind);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new AliasMove(rs.getLong(1), name, alias, from, to, at, orEmpty(by), orEmpty(reason), kind);
      }
    }
  }

  private static void deleteAliasRow(Connection c, String name, String alias) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, "DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?")) {
      ps.setString(1, name);
      ps.setString(2, alias);
      ps.executeUpdate();
    }
  }

  private static Long aliasTarget(Connection c, String name, String alias) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c,
        "SELECT version FROM registered_model_aliases WHERE name = ? AND alias = ?")) {
      ps.setString(1, name);
      ps.setString(2, alias);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private static List<String> aliasesOf(Connection c, String name, long version) throws SQLException {
    List<String> aliases = new ArrayList<>();
    try (PreparedStatement ps = StatementCache.prepare(c,
        "SELECT alias FROM registered_model_aliases WHERE name = ? AND version = ? ORDER BY alias")) {
      ps.setString(1, name);
      ps.setLong(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) aliases.add(rs.getString(1));
      }
    }
    return aliases;
  }

  private static boolean modelExists(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, "SELECT 1 FROM registered_models WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void requireModel(Connection c, String name) throws SQLException {
    if (!modelExists(c, name)) throw VigilException.notFound("Registered Model with name=" + name + " not found");
  }

  private static void requireVersion(Connection c, String name, long version) throws SQLException {
    requireModel(c, name);
    try (PreparedStatement ps = StatementCache.prepare(c, "SELECT 1 FROM model_versions WHERE name = ? AND version = ?")) {
      ps.setString(1, name);
      ps.setLong(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw VigilException.notFound("Model Version (name=" + name + ", version=" + version + ") not found");
      }
    }
  }

  private static void touchModel(Connection c, String name, long now) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, "UPDATE registered_models SET last_updated_time = ? WHERE name = ?")) {
      ps.setLong(1, now);
      ps.setString(2, name);
      ps.executeUpdate();
    }
  }

  private static void touchVersion(Connection c, String name, long version, long now) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c,
        "UPDATE model_versions SET last_updated_time = ? WHERE name = ? AND version = ?")) {
      ps.setLong(1, now);
      ps.setString(2, name);
      ps.setLong(3, version);
      ps.executeUpdate();
    }
  }

  private void upsertModelTag(Connection c, String name, String key, String value) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, "INSERT INTO registered_model_tags (name, key, value)"
        + " VALUES (?, ?, ?) ON CONFLICT (name, key) DO UPDATE SET value = excluded.value")) {
      ps.setString(1, name);
      ps.setString(2, key);
      ps.setString(3, orEmpty(value));
      ps.executeUpdate();
    }
  }

  private void upsertVersionTag(Connection c, String name, long version, String key, String value) throws SQLException {
    try (PreparedStatement ps = StatementCache.prepare(c, "INSERT INTO model_version_tags (name, version, key, value)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value")) {
      ps.setString(1, name);
      ps.setLong(2, version);
      ps.setString(3, key);
      ps.setString(4, orEmpty(value));
      ps.executeUpdate();
    }
  }

  private Optional<RegisteredModel> loadModel(Connection c, String name) throws SQLException {
    long created;
    long updated;
    String description;
    try (PreparedStatement ps = StatementCache.prepare(c,
        "SELECT creation_time, last_updated_time, description FROM registered_models WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        created = rs.getLong(1);
        updated = rs.getLong(2);
        description = rs.getString(3);
      }
    }
    Map<String, String> tags = new TreeMap<>();
    try (PreparedStatement ps = StatementCache.prepare(c, "SELECT key, value FROM registered_model_tags WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) tags.put(rs.getString(1), rs.getString(2));
      }
    }
    Map<String, Long> aliases = new TreeMap<>();
    try (PreparedStatement ps = StatementCache.prepare(c,
        "SELECT alias, version FROM registered_model_aliases WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) aliases.put(rs.getString(1), rs.getLong(2));
      }
    }
    return Optional.of(new RegisteredModel(name, created, updated, "", description, latest(c, name, List.of()),
        java.util.Collections.unmodifiableMap(tags),
        java.util.Collections.unmodifiableMap(aliases)));
  }

  private List<ModelVersion> latest(Connection c, String name, List<String> stages) throws SQLException {
    Map<String, Long> latestByStage = new LinkedHashMap<>();
    try (PreparedStatement ps = StatementCache.prepare(c,
        "SELECT current_stage, MAX(version) FROM model_versions WHERE name = ? GROUP BY current_stage")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) latestByStage.put(rs.getString(1), rs.getLong(2));
      }
    }
    List<ModelVersion> out = new ArrayList<>();
    for (String stage : stages.isEmpty() ? STAGES : stages) {
      Long v = latestByStage.get(stage);
      if (v != null) out.add(loadVersion(c, name, v).orElseThrow());
    }
    return out;
  }

  private static Optional<ModelVersion> loadVersion(Connection c, String name, long version) throws SQLException {
    ModelVersion partial;
    try (PreparedStatement ps = StatementCache.prepare(c,
        "SELECT " + VERSION_COLUMNS + " FROM model_versions v WHERE v.name = ? AND v.version = ?")) {
      ps.setString(1, name);
      ps.setLong(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        partial = new ModelVersion(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
            rs.getString(12), Map.of(), List.of());
      }
    }
    Map<String, String> tags = new TreeMap<>();
    try (PreparedStatement ps = StatementCache.prepare(c,
        "SELECT key, value FROM model_version_tags WHERE name = ? AND version = ?")) {
      ps.setString(1, name);
      ps.setLong(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) tags.put(rs.getString(1), rs.getString(2));
      }
    }
    List<String> aliases = aliasesOf(c, name, version);
    return Optional.of(new ModelVersion(partial.name(), partial.version(), partial.creationTimestamp(),
        partial.lastUpdatedTimestamp(), partial.userId(), partial.currentStage(), partial.description(), partial.source(),
        partial.runId(), partial.status(), partial.statusMessage(), partial.runLink(),
        java.util.Collections.unmodifiableMap(tags), List.copyOf(aliases)));
  }

  private void compare(StringBuilder sql, List<Object> args, String column, Condition cond) {
    boolean numeric = cond.field() == RegistrySearch.Field.VERSION_NUMBER;
    switch (cond.op()) {
      case "LIKE" -> {
        sql.append(column).append(" LIKE ?");
        args.add(cond.values().get(0));
      }
      case "ILIKE" -> {
        sql.append(db.dialect().ilike(column, "?"));
        args.add(cond.values().get(0));
      }
      case "IN" -> {
        sql.append(column).append(" IN (");
        for (int i = 0; i < cond.values().size(); i++) {
          sql.append(i == 0 ? "?" : ", ?");
          args.add(numeric ? (Object) Long.parseLong(cond.values().get(i)) : cond.values().get(i));
        }
        sql.append(')');
      }
      default -> {
        sql.append(column).append(comparison(cond.op()));
        args.add(numeric ? (Object) Long.parseLong(cond.values().get(0)) : cond.values().get(0));
      }
    }
  }

  /** SQL text for a parsed comparator: a constant per operator, so no text from the filter reaches SQL. */
  private static String comparison(String op) {
    return switch (op) {
      case "=" -> " = ?";
      case "!=" -> " != ?";
      case "<" -> " < ?";
      case "<=" -> " <= ?";
      case ">" -> " > ?";
      case ">=" -> " >= ?";
      default -> throw VigilException.invalid("Invalid comparator '" + op + "'.");
    };
  }

  private static String orderBy(List<RegistrySearch.Order> orders, String alias, String fallback) {
    if (orders.isEmpty()) return fallback;
    StringBuilder b = new StringBuilder();
    for (RegistrySearch.Order o : orders) {
      String column = switch (o.key()) {
        case "NAME" -> alias + ".name";
        case "VERSION_NUMBER" -> alias + ".version";
        case "CREATION_TIMESTAMP" -> alias + ".creation_time";
        case "LAST_UPDATED_TIMESTAMP" -> alias + ".last_updated_time";
        default -> throw VigilException.invalid("Invalid order_by key '" + o.key() + "'.");
      };
      if (b.length() > 0) b.append(", ");
      b.append(column).append(o.ascending() ? " ASC" : " DESC");
    }
    // A total order, so pages never repeat or skip rows.
    b.append(", ").append(alias).append(".name ASC");
    if (alias.equals("v")) b.append(", v.version DESC");
    return b.toString();
  }

  private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof Long l) ps.setLong(i + 1, l);
      else ps.setString(i + 1, (String) a);
    }
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static void setNullableLong(PreparedStatement ps, int index, Long v) throws SQLException {
    if (v == null) ps.setNull(index, java.sql.Types.BIGINT);
    else ps.setLong(index, v);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
