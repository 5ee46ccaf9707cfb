package io.vigil.server.http.vigil;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vigil.model.AliasMove;
import io.vigil.server.auth.Authorizer;
import io.vigil.server.auth.Permission;
import io.vigil.server.http.HttpRequests;
import io.vigil.server.http.JsonRequest;
import io.vigil.server.http.mlflow.MlflowRegistryJson;
import io.vigil.server.http.mlflow.MlflowRegistryRoutes;
import io.vigil.server.registry.RegistryService;

/**
 * Vigil's registry additions under /api/vigil:
 * <ul>
 *   <li>{@code GET /registered-models/{name}/alias-history[?alias=A]} → {@code {"moves": [{id, name, alias,
 *       from_version, to_version, moved_at, moved_by, reason, kind}]}}, oldest first;</li>
 *   <li>{@code POST /registered-models/{name}/rollback {"alias": "champion", "reason": "…"}} → {@code {"move": {…},
 *       "model_version": {…}}}: the alias goes back to its previous holder.</li>
 * </ul>
 * Who made a change comes from the {@code X-Vigil-User} header.
 */
public final class RegistryRoutes {
  private final RegistryService registry;
  private final Authorizer authz;

  public RegistryRoutes(RegistryService registry) {
    this(registry, Authorizer.allowAll());
  }

  /** With {@code authz}: READ on the model for its alias history, EDIT for a rollback. */
  public RegistryRoutes(RegistryService registry, Authorizer authz) {
    this.registry = registry;
    this.authz = authz;
  }

  public void register(Javalin app, String prefix) {
    app.get(prefix + "/registered-models/{name}/alias-history", this::history);
    app.post(prefix + "/registered-models/{name}/rollback", this::rollback);
  }

  private void history(Context ctx) {
    authz.requireModel(ctx, ctx.pathParam("name"), Permission.READ);
    String alias = ctx.queryParam("alias");
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode a = o.putArray("moves");
    for (AliasMove m : registry.aliasHistory(ctx.pathParam("name"), alias)) a.add(MlflowRegistryJson.aliasMove(m));
    HttpRequests.json(ctx, o);
  }

  private void rollback(Context ctx) {
    String name = ctx.pathParam("name");
    authz.requireModel(ctx, name, Permission.EDIT);
    JsonRequest r = HttpRequests.body(ctx);
    AliasMove move = registry.rollback(name, r.requiredString("alias"), MlflowRegistryRoutes.user(ctx, r), r.optionalString("reason"));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("move", MlflowRegistryJson.aliasMove(move));
    o.set("model_version", MlflowRegistryJson.modelVersion(registry.getModelVersion(name, Long.toString(move.toVersion()))));
    HttpRequests.json(ctx, o);
  }
}
