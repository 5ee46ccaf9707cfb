package io.vigil.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.model.AliasMove;
import io.vigil.model.ModelVersion;
import io.vigil.model.RegisteredModel;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model registry of a Vigil (or, for the MLflow endpoints, MLflow 2.x) server; obtained from
 * {@link VigilClient#registry()}. Calls are synchronous with the client's retries; a rejection is
 * a {@link VigilHttpException} carrying MLflow's error code.
 */
public final class RegistryClient {
  private final Requests requests;

  RegistryClient(Requests requests) {
    this.requests = requests;
  }

  /** Creates a registered model; RESOURCE_ALREADY_EXISTS when the name is taken. */
  public RegisteredModel createRegisteredModel(String name) {
    ObjectNode body = Requests.JSON.createObjectNode().put("name", name);
    return Wire.registeredModel(requests.postJson("registered-models/create", body, "create registered model '" + name + "'")
        .path("registered_model"));
  }

  /** The registered model with this name, or empty. */
  public Optional<RegisteredModel> getRegisteredModel(String name) {
    try {
      return Optional.of(Wire.registeredModel(requests.getJson("registered-models/get?name=" + enc(name),
          "get registered model '" + name + "'").path("registered_model")));
    } catch (VigilHttpException e) {
      if (e.status() == 404) return Optional.empty();
      throw e;
    }
  }

  /** Creates the next version of a model (the model must exist). */
  public ModelVersion createModelVersion(String name, String source, String runId) {
    ObjectNode body = Requests.JSON.createObjectNode().put("name", name).put("source", source);
    if (runId != null) body.put("run_id", runId);
    return Wire.modelVersion(requests.postJson("model-versions/create", body, "create a version of model '" + name + "'")
        .path("model_version"));
  }

  public ModelVersion getModelVersion(String name, String version) {
    return Wire.modelVersion(requests.getJson("model-versions/get?name=" + enc(name) + "&version=" + enc(version),
        "get version " + version + " of model '" + name + "'").path("model_version"));
  }

  /** The version an alias points at; {@link VigilHttpException} (404) when the alias or model is unknown. */
  public ModelVersion getModelVersionByAlias(String name, String alias) {
    return Wire.modelVersion(requests.getJson("registered-models/alias?name=" + enc(name) + "&alias=" + enc(alias),
        "get alias '" + alias + "' of model '" + name + "'").path("model_version"));
  }

  /** Points {@code alias} at {@code version}; {@code reason} and {@code user} go to the alias history (may be null). */
  public void setAlias(String name, String alias, String version, String reason, String user) {
    ObjectNode body = Requests.JSON.createObjectNode().put("name", name).put("alias", alias).put("version", version);
    if (reason != null) body.put("reason", reason);
    if (user != null) body.put("vigil_user", user);
    requests.postJson("registered-models/alias", body, "set alias '" + alias + "' of model '" + name + "'");
  }

  /** The moves of one alias (or of all when {@code alias} is null), oldest first. */
  public List<AliasMove> aliasHistory(String name, String alias) {
    JsonNode r = requests.getJsonAt("/api/vigil/registered-models/" + path(name) + "/alias-history"
        + (alias == null ? "" : "?alias=" + enc(alias)), "get alias history of model '" + name + "'");
    List<AliasMove> moves = new ArrayList<>();
    for (JsonNode m : r.path("moves")) moves.add(Wire.aliasMove(m));
    return moves;
  }

  /** Moves {@code alias} back to its previous holder and returns the move. */
  public AliasMove rollback(String name, String alias, String reason, String user) {
    ObjectNode body = Requests.JSON.createObjectNode().put("alias", alias);
    if (reason != null) body.put("reason", reason);
    if (user != null) body.put("vigil_user", user);
    return Wire.aliasMove(requests.postJsonAt("/api/vigil/registered-models/" + path(name) + "/rollback", body,
        "roll back alias '" + alias + "' of model '" + name + "'").path("move"));
  }

  /**
   * Reports a gate run on {@code version} (a Vigil server tags the version {@code vigil.gate} and
   * notifies webhooks); {@code report} is any JSON-serialisable object, sent with the fields added.
   */
  public void reportGateResult(String name, String version, boolean passed, Object report) {
    ObjectNode body = report == null ? Requests.JSON.createObjectNode() : Requests.JSON.valueToTree(report);
    body.put("version", version).put("passed", passed);
    requests.postJsonAt("/api/vigil/registered-models/" + path(name) + "/gate-results", body,
        "report the gate result of version " + version + " of model '" + name + "'");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String path(String s) {
    return enc(s).replace("+", "%20");
  }
}
