package io.vigil.server.http.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.model.AliasMove;
import io.vigil.model.ModelVersion;
import io.vigil.model.RegisteredModel;
import java.util.Map;

/**
 * Registry records in MLflow's JSON shape (mlflow/protos/model_registry.proto): timestamps as
 * numbers, versions as strings, empty lists left out.
 */
public final class MlflowRegistryJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private MlflowRegistryJson() {}

  public static ObjectNode registeredModel(RegisteredModel m) {
    ObjectNode o = F.objectNode();
    o.put("name", m.name());
    o.put("creation_timestamp", m.creationTimestamp());
    o.put("last_updated_timestamp", m.lastUpdatedTimestamp());
    if (!m.userId().isEmpty()) o.put("user_id", m.userId());
    o.put("description", m.description());
    if (!m.latestVersions().isEmpty()) {
      ArrayNode a = o.putArray("latest_versions");
      for (ModelVersion v : m.latestVersions()) a.add(modelVersion(v));
    }
    tags(o, m.tags());
    if (!m.aliases().isEmpty()) {
      ArrayNode a = o.putArray("aliases");
      m.aliases().forEach((alias, version) -> a.addObject().put("alias", alias).put("version", Long.toString(version)));
    }
    return o;
  }

  public static ObjectNode modelVersion(ModelVersion v) {
    ObjectNode o = F.objectNode();
    o.put("name", v.name());
    o.put("version", Long.toString(v.version()));
    o.put("creation_timestamp", v.creationTimestamp());
    o.put("last_updated_timestamp", v.lastUpdatedTimestamp());
    if (!v.userId().isEmpty()) o.put("user_id", v.userId());
    o.put("current_stage", v.currentStage());
    o.put("description", v.description());
    o.put("source", v.source());
    if (v.runId() != null) o.put("run_id", v.runId());
    o.put("status", v.status());
    if (!v.statusMessage().isEmpty()) o.put("status_message", v.statusMessage());
    tags(o, v.tags());
    if (!v.runLink().isEmpty()) o.put("run_link", v.runLink());
    if (!v.aliases().isEmpty()) {
      ArrayNode a = o.putArray("aliases");
      v.aliases().forEach(a::add);
    }
    return o;
  }

  /** One alias move of the alias history (Vigil's own API). */
  public static ObjectNode aliasMove(AliasMove m) {
    ObjectNode o = F.objectNode();
    o.put("id", m.id());
    o.put("name", m.name());
    o.put("alias", m.alias());
    if (m.fromVersion() == null) o.putNull("from_version");
    else o.put("from_version", Long.toString(m.fromVersion()));
    if (m.toVersion() == null) o.putNull("to_version");
    else o.put("to_version", Long.toString(m.toVersion()));
    o.put("moved_at", m.movedAt());
    o.put("moved_by", m.movedBy());
    o.put("reason", m.reason());
    o.put("kind", m.kind());
    return o;
  }

  private static void tags(ObjectNode o, Map<String, String> tags) {
    if (tags.isEmpty()) return;
    ArrayNode a = o.putArray("tags");
    tags.forEach((k, val) -> a.addObject().put("key", k).put("value", val));
  }
}
