package io.vigil.server.http.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vigil.model.ModelVersion;
import io.vigil.model.RegisteredModel;
import io.vigil.model.VigilException;
import io.vigil.server.auth.Authorizer;
import io.vigil.server.auth.Permission;
import io.vigil.server.http.HttpRequests;
import io.vigil.server.http.JsonRequest;
import io.vigil.server.registry.RegistryService;
import io.vigil.server.store.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow 2.x model-registry REST endpoints (registered-models/…, model-versions/…); mounted under
 * /api/2.0/mlflow and /ajax-api/2.0/mlflow. PATCH and DELETE take a JSON body, as MLflow's clients
 * send it, or query parameters when no body is sent.
 */
public final class MlflowRegistryRoutes {
  /** The header naming who made a change, recorded in the alias history. */
  public static final String USER_HEADER = "X-Vigil-User";

  private final RegistryService registry;
  private final Authorizer authz;

  public MlflowRegistryRoutes(RegistryService registry) {
    this(registry, Authorizer.allowAll());
  }

  /** With {@code authz}: READ on a model to read it, EDIT to change it or its versions, MANAGE to rename or delete it. */
  public MlflowRegistryRoutes(RegistryService registry, Authorizer authz) {
    this.registry = registry;
    this.authz = authz;
  }

  /** The request's model name, once the caller is known to hold {@code needed} on it. */
  private String model(Context ctx, JsonRequest r, Permission needed) {
    String name = r.requiredString("name");
    authz.requireModel(ctx, name, needed);
    return name;
  }

  public void register(Javalin app, String prefix) {
    String rm = prefix + "/registered-models";
    app.post(rm + "/create", this::createModel);
    app.get(rm + "/get", this::getModel);
    app.post(rm + "/rename", this::renameModel);
    app.patch(rm + "/update", this::updateModel);
    app.delete(rm + "/delete", this::deleteModel);
    app.get(rm + "/search", this::searchModels);
    app.post(rm + "/set-tag", this::setModelTag);
    app.delete(rm + "/delete-tag", this::deleteModelTag);
    app.post(rm + "/get-latest-versions", this::latestVersions);
    app.get(rm + "/get-latest-versions", this::latestVersions);
    app.post(rm + "/alias", this::setAlias);
    app.delete(rm + "/alias", this::deleteAlias);
    app.get(rm + "/alias", this::getByAlias);

    String mv = prefix + "/model-versions";
    app.post(mv + "/create", this::createVersion);
    app.get(mv + "/get", this::getVersion);
    app.patch(mv + "/update", this::updateVersion);
    app.delete(mv + "/delete", this::deleteVersion);
    app.get(mv + "/search", this::searchVersions);
    app.post(mv + "/set-tag", this::setVersionTag);
    app.delete(mv + "/delete-tag", this::deleteVersionTag);
    app.post(mv + "/transition-stage", this::transitionStage);
    app.get(mv + "/get-download-uri", this::downloadUri);
  }

  /**
   * The caller as recorded in the alias history: the {@value #USER_HEADER} header, else the request's
   * {@code vigil_user} field (which MLflow clients never send), else "". When authentication is on,
   * the authenticated user, whatever the request says.
   */
  public static String user(Context ctx, JsonRequest r) {
    String authenticated = io.vigil.server.http.Caller.username(ctx);
    if (authenticated != null) return authenticated;
    String u = ctx.header(USER_HEADER);
    if (u == null || u.isBlank()) u = r.optionalString("vigil_user");
    return u == null ? "" : u.trim();
  }

  /** A JSON body, or the query parameters of a body-less PATCH or DELETE. */
  static JsonRequest input(Context ctx) {
    String method = ctx.method().name();
    if (method.equals("GET")) return HttpRequests.query(ctx);
    if ((method.equals("DELETE") || method.equals("PATCH")) && ctx.header("Content-Type") == null
        && !ctx.queryParamMap().isEmpty()) {
      return HttpRequests.query(ctx);
    }
    return HttpRequests.body(ctx);
  }

  // ---- registered models

  private void createModel(Context ctx) {
    JsonRequest r = input(ctx);
    RegisteredModel m = registry.createRegisteredModel(r.requiredString("name"), r.optionalString("description"), tags(r));
    authz.modelCreated(ctx, m.name());
    answer(ctx, "registered_model", MlflowRegistryJson.registeredModel(m));
  }

  private void getModel(Context ctx) {
    String name = model(ctx, input(ctx), Permission.READ);
    answer(ctx, "registered_model", MlflowRegistryJson.registeredModel(registry.getRegisteredModel(name)));
  }

  private void renameModel(Context ctx) {
    JsonRequest r = input(ctx);
    RegisteredModel m = registry.renameRegisteredModel(model(ctx, r, Permission.MANAGE), r.requiredString("new_name"));
    answer(ctx, "registered_model", MlflowRegistryJson.registeredModel(m));
  }

  private void updateModel(Context ctx) {
    JsonRequest r = input(ctx);
    RegisteredModel m = registry.updateRegisteredModel(model(ctx, r, Permission.EDIT), r.optionalString("description"));
    answer(ctx, "registered_model", MlflowRegistryJson.registeredModel(m));
  }

  private void deleteModel(Context ctx) {
    registry.deleteRegisteredModel(model(ctx, input(ctx), Permission.MANAGE));
    HttpRequests.empty(ctx);
  }

  private void searchModels(Context ctx) {
    JsonRequest r = input(ctx);
    Page<RegisteredModel> page = registry.searchRegisteredModels(r.optionalString("filter"), r.stringList("order_by"),
        r.optionalInt32("max_results"), r.optionalString("page_token"), authz.readableBy(ctx));
    ObjectNode o = MlflowJson.object();
    if (!page.items().isEmpty()) {
      ArrayNode a = o.putArray("registered_models");
      for (RegisteredModel m : page.items()) a.add(MlflowRegistryJson.registeredModel(m));
    }
    if (page.nextPageToken() != null) o.put("next_page_token", page.nextPageToken());
    HttpRequests.json(ctx, o);
  }

  private void setModelTag(Context ctx) {
    JsonRequest r = input(ctx);
    registry.setRegisteredModelTag(model(ctx, r, Permission.EDIT), r.requiredString("key"), r.optionalString("value"));
    HttpRequests.empty(ctx);
  }

  private void deleteModelTag(Context ctx) {
    JsonRequest r = input(ctx);
    registry.deleteRegisteredModelTag(model(ctx, r, Permission.EDIT), r.requiredString("key"));
    HttpRequests.empty(ctx);
  }

  private void latestVersions(Context ctx) {
    JsonRequest r = input(ctx);
    List<ModelVersion> versions = registry.latestVersions(model(ctx, r, Permission.READ), r.stringList("stages"));
    HttpRequests.json(ctx, versions(versions));
  }

  // ---- aliases

  private void setAlias(Context ctx) {
    JsonRequest r = input(ctx);
    registry.setAlias(model(ctx, r, Permission.EDIT), r.requiredString("alias"), version(r), user(ctx, r), reason(r));
    HttpRequests.empty(ctx);
  }

  private void deleteAlias(Context ctx) {
    JsonRequest r = input(ctx);
    registry.deleteAlias(model(ctx, r, Permission.EDIT), r.requiredString("alias"), user(ctx, r), reason(r));
    HttpRequests.empty(ctx);
  }

  private void getByAlias(Context ctx) {
    JsonRequest r = input(ctx);
    ModelVersion v = registry.getModelVersionByAlias(model(ctx, r, Permission.READ), r.requiredString("alias"));
    answer(ctx, "model_version", MlflowRegistryJson.modelVersion(v));
  }

  // ---- versions

  private void createVersion(Context ctx) {
    JsonRequest r = input(ctx);
    String runId = r.optionalString("run_id");
    // Linking a run needs READ on it: a version must not reveal (or point at) runs the caller cannot see.
    if (runId != null && !runId.isEmpty()) authz.requireRun(ctx, runId, Permission.READ);
    ModelVersion v = registry.createModelVersion(model(ctx, r, Permission.EDIT), r.optionalString("source"),
        r.optionalString("run_id"), r.optionalString("run_link"), r.optionalString("description"), tags(r));
    answer(ctx, "model_version", MlflowRegistryJson.modelVersion(v));
  }

  private void getVersion(Context ctx) {
    JsonRequest r = input(ctx);
    answer(ctx, "model_version", MlflowRegistryJson.modelVersion(registry.getModelVersion(model(ctx, r, Permission.READ), version(r))));
  }

  private void updateVersion(Context ctx) {
    JsonRequest r = input(ctx);
    ModelVersion v = registry.updateModelVersion(model(ctx, r, Permission.EDIT), version(r), r.optionalString("description"));
    answer(ctx, "model_version", MlflowRegistryJson.modelVersion(v));
  }

  private void deleteVersion(Context ctx) {
    JsonRequest r = input(ctx);
    registry.deleteModelVersion(model(ctx, r, Permission.EDIT), version(r), user(ctx, r));
    HttpRequests.empty(ctx);
  }

  private void searchVersions(Context ctx) {
    JsonRequest r = input(ctx);
    Page<ModelVersion> page = registry.searchModelVersions(r.optionalString("filter"), r.stringList("order_by"),
        r.optionalInt32("max_results"), r.optionalString("page_token"), authz.readableBy(ctx));
    ObjectNode o = versions(page.items());
    if (page.nextPageToken() != null) o.put("next_page_token", page.nextPageToken());
    HttpRequests.json(ctx, o);
  }

  private void setVersionTag(Context ctx) {
    JsonRequest r = input(ctx);
    registry.setModelVersionTag(model(ctx, r, Permission.EDIT), version(r), r.requiredString("key"), r.optionalString("value"));
    HttpRequests.empty(ctx);
  }

  private void deleteVersionTag(Context ctx) {
    JsonRequest r = input(ctx);
    registry.deleteModelVersionTag(model(ctx, r, Permission.EDIT), version(r), r.requiredString("key"));
    HttpRequests.empty(ctx);
  }

  private void transitionStage(Context ctx) {
    JsonRequest r = input(ctx);
    ModelVersion v = registry.transitionStage(model(ctx, r, Permission.EDIT), version(r), r.requiredString("stage"),
        bool(r, "archive_existing_versions"));
    answer(ctx, "model_version", MlflowRegistryJson.modelVersion(v));
  }

  private void downloadUri(Context ctx) {
    JsonRequest r = input(ctx);
    HttpRequests.json(ctx, MlflowJson.object().put("artifact_uri", registry.downloadUri(model(ctx, r, Permission.READ), version(r))));
  }

  // ---- helpers

  private static void answer(Context ctx, String field, ObjectNode value) {
    ObjectNode o = MlflowJson.object();
    o.set(field, value);
    HttpRequests.json(ctx, o);
  }

  private static ObjectNode versions(List<ModelVersion> versions) {
    ObjectNode o = MlflowJson.object();
    if (!versions.isEmpty()) {
      ArrayNode a = o.putArray("model_versions");
      for (ModelVersion v : versions) a.add(MlflowRegistryJson.modelVersion(v));
    }
    return o;
  }

  private static String version(JsonRequest r) {
    String v = r.optionalScalarText("version");
    if (v == null || v.isEmpty()) throw VigilException.invalid("Missing value for required parameter 'version'.");
    return v;
  }

  private static String reason(JsonRequest r) {
    String s = r.optionalString("reason");
    return s == null ? "" : s;
  }

  private static Map<String, String> tags(JsonRequest r) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonRequest t : r.objectList("tags")) {
      String v = t.optionalString("value");
      tags.put(t.requiredString("key"), v == null ? "" : v);
    }
    return tags;
  }

  private static boolean bool(JsonRequest r, String field) {
    Boolean b = r.optionalBoolean(field);
    return b != null && b;
  }
}
