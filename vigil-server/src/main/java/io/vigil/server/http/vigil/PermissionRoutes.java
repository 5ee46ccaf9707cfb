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
import io.vigil.server.tracking.TrackingService;
import java.util.Map;

/**
 * Grants on experiments under /api/vigil (only with authentication on):
 * <ul>
 *   <li>{@code GET /experiments/{id}/permissions} (READ) → {@code {"default_permission", "permissions": [{username, permission}]}};</li>
 *   <li>{@code POST /experiments/{id}/permissions {"username", "permission"}} (MANAGE or admin) sets a grant;</li>
 *   <li>{@code DELETE /experiments/{id}/permissions/{username}} (MANAGE or admin) removes it.</li>
 * </ul>
 */
public final class PermissionRoutes {
  private final Authorizer authz;
  private final AuthService auth;
  private final TrackingService tracking;

  public PermissionRoutes(Authorizer authz, AuthService auth, TrackingService tracking) {
    this.authz = authz;
    this.auth = auth;
    this.tracking = tracking;
  }

  public void register(Javalin app, String prefix) {
    app.get(prefix + "/experiments/{id}/permissions", this::list);
    app.post(prefix + "/experiments/{id}/permissions", this::grant);
    app.delete(prefix + "/experiments/{id}/permissions/{username}", this::revoke);
  }

  private String experiment(Context ctx, Permission needed) {
    String id = ctx.pathParam("id");
    authz.requireExperiment(ctx, id, needed);
    tracking.getExperiment(id); // RESOURCE_DOES_NOT_EXIST for an unknown experiment
    return id;
  }

  private void list(Context ctx) {
    String id = experiment(ctx, Permission.READ);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("default_permission", authz.defaultPermission().name());
    ArrayNode a = o.putArray("permissions");
    for (Map.Entry<String, String> e : authz.grants(id).entrySet()) {
      a.addObject().put("username", e.getKey()).put("permission", e.getValue());
    }
    HttpRequests.json(ctx, o);
  }

  private void grant(Context ctx) {
    String id = experiment(ctx, Permission.MANAGE);
    JsonRequest r = HttpRequests.body(ctx);
    String username = r.requiredString("username");
    Permission p = Permission.parse(r.requiredString("permission"));
    if (!auth.userExists(username)) throw VigilException.notFound("No user '" + username + "'.");
    authz.grant(id, username, p);
    HttpRequests.json(ctx, JsonNodeFactory.instance.objectNode().put("username", username).put("permission", p.name()));
  }

  private void revoke(Context ctx) {
    String id = experiment(ctx, Permission.MANAGE);
    String username = ctx.pathParam("username");
    if (!authz.revoke(id, username)) {
      throw VigilException.notFound("User '" + username + "' has no grant on experiment " + id + ".");
    }
    HttpRequests.empty(ctx);
  }
}
