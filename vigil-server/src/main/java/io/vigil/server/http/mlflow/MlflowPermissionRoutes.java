package io.vigil.server.http.mlflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vigil.model.VigilException;
import io.vigil.server.auth.AuthService;
import io.vigil.server.auth.Authorizer;
import io.vigil.server.auth.Permission;
import io.vigil.server.http.HttpRequests;
import io.vigil.server.http.JsonRequest;
import io.vigil.server.registry.RegistryService;
import io.vigil.server.tracking.TrackingService;
import java.util.Optional;

/**
 * MLflow's basic-auth grant endpoints (only with authentication on), for clients written against
 * MLflow's auth API; under /api/2.0/mlflow, each needing MANAGE on its experiment or model (as in MLflow):
 * <ul>
 *   <li>{@code POST experiments/permissions/create {experiment_id, username, permission}} →
 *       {@code {"experiment_permission": {experiment_id, username, permission}}} (RESOURCE_ALREADY_EXISTS if granted);</li>
 *   <li>{@code GET experiments/permissions/get?experiment_id&username}, {@code PATCH …/update}, {@code DELETE …/delete}
 *       (RESOURCE_DOES_NOT_EXIST without a grant);</li>
 *   <li>the same four under {@code registered-models/permissions/} with {@code name} and {@code registered_model_permission}.</li>
 * </ul>
 * MLflow's {@code NO_PERMISSIONS} is Vigil's NONE (both are accepted; NONE is answered as NO_PERMISSIONS).
 * Where MLflow answers a numeric {@code user_id}, Vigil answers the {@code username}.
 */
public final class MlflowPermissionRoutes {
  private final Authorizer authz;
  private final AuthService auth;
  private final TrackingService tracking;
  private final RegistryService registry;

  public MlflowPermissionRoutes(Authorizer authz, AuthService auth, TrackingService tracking, RegistryService registry) {
    this.authz = authz;
    this.auth = auth;
    this.tracking = tracking;
    this.registry = registry;
  }

  public void register(Javalin app, String prefix) {
    for (Kind kind : Kind.values()) {
      String base = prefix + "/" + kind.path + "/permissions";
      app.post(base + "/create", ctx -> create(ctx, kind));
      app.get(base + "/get", ctx -> get(ctx, kind));
      app.patch(base + "/update", ctx -> update(ctx, kind));
      app.delete(base + "/delete", ctx -> delete(ctx, kind));
    }
  }

  /** What a grant is on: the request field naming it and the answer's field. */
  private enum Kind {
    EXPERIMENT("experiments", "experiment_id", "experiment_permission"),
    MODEL("registered-models", "name", "registered_model_permission");

    final String path;
    final String key;
    final String answer;

    Kind(String path, String key, String answer) {
      this.path = path;
      this.key = key;
      this.answer = answer;
    }
  }

  /** A request's target and user, once the caller is known to manage the target and the target exists. */
  private record Target(Kind kind, String id, String username) {}

  private Target target(Context ctx, Kind kind, JsonRequest r) {
    String id = r.requiredString(kind.key);
    String username = r.requiredString("username");
    if (kind == Kind.EXPERIMENT) {
      authz.requireExperiment(ctx, id, Permission.MANAGE);
      tracking.getExperiment(id); // RESOURCE_DOES_NOT_EXIST for an unknown experiment
    } else {
      authz.requireModel(ctx, id, Permission.MANAGE);
      registry.getRegisteredModel(id);
    }
    return new Target(kind, id, username);
  }

  private Optional<Permission> current(Target t) {
    Optional<String> p = t.kind == Kind.EXPERIMENT ? authz.store().orElseThrow().experimentPermission(t.id, t.username)
        : authz.store().orElseThrow().modelPermission(t.id, t.username);
    return p.map(Permission::parse);
  }

  private void set(Target t, Permission p) {
    if (t.kind == Kind.EXPERIMENT) authz.grant(t.id, t.username, p);
    else authz.grantModel(t.id, t.username, p);
  }

  private static Permission permission(JsonRequest r) {
    String p = r.requiredString("permission");
    return p.trim().equalsIgnoreCase("NO_PERMISSIONS") ? Permission.NONE : Permission.parse(p);
  }

  private static VigilException noGrant(Target t) {
    return VigilException.notFound("User '" + t.username + "' has no grant on "
        + (t.kind == Kind.EXPERIMENT ? "experiment " + t.id : "registered model '" + t.id + "'") + ".");
  }

  private static void answer(Context ctx, Target t, Permission p) {
    ObjectNode o = MlflowJson.object();
    o.putObject(t.kind.answer).put(t.kind.key, t.id).put("username", t.username)
        .put("permission", p == Permission.NONE ? "NO_PERMISSIONS" : p.name());
    HttpRequests.json(ctx, o);
  }

  private void create(Context ctx, Kind kind) {
    JsonRequest r = MlflowRegistryRoutes.input(ctx);
    Target t = target(ctx, kind, r);
    Permission p = permission(r);
    if (!auth.userExists(t.username)) throw VigilException.notFound("No user '" + t.username + "'.");
    if (current(t).isPresent()) {
      throw VigilException.alreadyExists("User '" + t.username + "' already has a grant; update it instead.");
    }
    set(t, p);
    answer(ctx, t, p);
  }

  private void get(Context ctx, Kind kind) {
    Target t = target(ctx, kind, MlflowRegistryRoutes.input(ctx));
    answer(ctx, t, current(t).orElseThrow(() -> noGrant(t)));
  }

  private void update(Context ctx, Kind kind) {
    JsonRequest r = MlflowRegistryRoutes.input(ctx);
    Target t = target(ctx, kind, r);
    Permission p = permission(r);
    if (current(t).isEmpty()) throw noGrant(t);
    set(t, p);
    HttpRequests.json(ctx, MlflowJson.object());
  }

  private void delete(Context ctx, Kind kind) {
    Target t = target(ctx, kind, MlflowRegistryRoutes.input(ctx));
    boolean removed = kind == Kind.EXPERIMENT ? authz.revoke(t.id, t.username) : authz.revokeModel(t.id, t.username);
    if (!removed) throw noGrant(t);
    HttpRequests.json(ctx, MlflowJson.object());
  }
}
