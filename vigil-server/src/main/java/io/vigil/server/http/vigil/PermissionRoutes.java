package io.vigil.server.http.vigil;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.util.Map;

/**
 * Grants on experiments and registered models under /api/vigil (only with authentication on):
 * <ul>
 *   <li>{@code GET /experiments/{id}/permissions} (READ) → {@code {"default_permission", "permissions": [{username, permission}]}};</li>
 *   <li>{@code POST /experiments/{id}/permissions {"username", "permission"}} (MANAGE or admin) sets a grant;</li>
 *   <li>{@code DELETE /experiments/{id}/permissions/{username}} (MANAGE or admin) removes it;</li>
 *   <li>the same three under {@code /registered-models/{name}/permissions} for a registered model.</li>
 * </ul>
 */
public final class PermissionRoutes {
  private final Authorizer authz;
  private final AuthService auth;
  private final TrackingService tracking;
  private final RegistryService registry;

  public PermissionRoutes(Authorizer authz, AuthService auth, TrackingService tracking, RegistryService registry) {
    this.authz = authz;
    this.auth = auth;
    this.tracking = tracking;
    this.registry = registry;
  }

  public void register(Javalin app, String prefix) {
    app.get(prefix + "/experiments/{id}/permissions", this::listExperiment);
    app.post(prefix + "/experiments/{id}/permissions", this::grantExperiment);
    app.delete(prefix + "/experiments/{id}/permissions/{username}", this::revokeExperiment);
    app.get(prefix + "/registered-models/{name}/permissions", this::listModel);
    app.post(prefix + "/registered-models/{name}/permissions", this::grantModel);
    app.delete(prefix + "/registered-models/{name}/permissions/{username}", this::revokeModel);
  }

  private String experiment(Context ctx, Permission needed) {
    String id = ctx.pathParam("id");
    authz.requireExperiment(ctx, id, needed);
    tracking.getExperiment(id); // RESOURCE_DOES_NOT_EXIST for an unknown experiment
    return id;
  }

  private String model(Context ctx, Permission needed) {
    String name = ctx.pathParam("name");
    authz.requireModel(ctx, name, needed);
    registry.getRegisteredModel(name); // RESOURCE_DOES_NOT_EXIST for an unknown model
    return name;
  }

  private void listExperiment(Context ctx) {
    list(ctx, authz.grants(experiment(ctx, Permission.READ)));
  }

  private void listModel(Context ctx) {
    list(ctx, authz.modelGrants(model(ctx, Permission.READ)));
  }

  private void list(Context ctx, Map<String, String> grants) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("default_permission", authz.defaultPermission().name());
    ArrayNode a = o.putArray("permissions");
    for (Map.Entry<String, String> e : grants.entrySet()) {
      a.addObject().put("username", e.getKey()).put("permission", e.getValue());
    }
    HttpRequests.json(ctx, o);
  }

  private record Grant(String username, Permission permission) {}

  /** The request's grant, with an existing user. */
  private Grant grant(Context ctx) {
    JsonRequest r = HttpRequests.body(ctx);
    String username = r.requiredString("username");
    Permission p = Permission.parse(r.requiredString("permission"));
    if (!auth.userExists(username)) throw VigilException.notFound("No user '" + username + "'.");
    return new Grant(username, p);
  }

  private static void answer(Context ctx, Grant g) {
    HttpRequests.json(ctx, JsonNodeFactory.instance.objectNode().put("username", g.username()).put("permission", g.permission().name()));
  }

  private void grantExperiment(Context ctx) {
    String id = experiment(ctx, Permission.MANAGE);
    Grant g = grant(ctx);
    authz.grant(id, g.username(), g.permission());
    answer(ctx, g);
  }

  private void grantModel(Context ctx) {
    String name = model(ctx, Permission.MANAGE);
    Grant g = grant(ctx);
    authz.grantModel(name, g.username(), g.permission());
    answer(ctx, g);
  }

  private void revokeExperiment(Context ctx) {
    String id = experiment(ctx, Permission.MANAGE);
    String username = ctx.pathParam("username");
    if (!authz.revoke(id, username)) {
      throw VigilException.notFound("User '" + username + "' has no grant on experiment " + id + ".");
    }
    HttpRequests.empty(ctx);
  }

  private void revokeModel(Context ctx) {
    String name = model(ctx, Permission.MANAGE);
    String username = ctx.pathParam("username");
    if (!authz.revokeModel(name, username)) {
      throw VigilException.notFound("User '" + username + "' has no grant on registered model '" + name + "'.");
    }
    HttpRequests.empty(ctx);
  }
}
