package io.vigil.server.http.vigil;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vigil.model.VigilException;
import io.vigil.server.auth.Authorizer;
import io.vigil.server.auth.Permission;
import io.vigil.server.http.HttpRequests;
import io.vigil.server.http.JsonRequest;
import io.vigil.server.registry.RegistryService;
import io.vigil.server.store.WebhookStore.Attempt;
import io.vigil.server.store.WebhookStore.Webhook;
import io.vigil.server.webhooks.WebhookService;

/**
 * Webhooks and gate results under /api/vigil:
 * <ul>
 *   <li>{@code POST /webhooks {"url", "events": [...], "secret"?, "description"?}} → {@code {"webhook": {…, "secret"}}}
 *       (the secret is shown only here);</li>
 *   <li>{@code GET /webhooks}, {@code DELETE /webhooks/{id}}, {@code POST /webhooks/{id}/ping};</li>
 *   <li>{@code GET /webhooks/{id}/deliveries[?max_results=N]} → every attempt, newest first;</li>
 *   <li>{@code POST /registered-models/{name}/gate-results {"version", "passed", …report}}: sent by
 *       {@code vigil gate}; tags the version and fires {@code gate.passed} / {@code gate.failed}.</li>
 * </ul>
 */
public final class WebhookRoutes {
  private final WebhookService webhooks;
  private final RegistryService registry;
  private final Authorizer authz;

  public WebhookRoutes(WebhookService webhooks, RegistryService registry) {
    this(webhooks, registry, Authorizer.allowAll());
  }

  /**
   * With {@code authz}: webhooks are for admins only (a webhook receives the events of every model, and
   * its URL is called by the server); a gate result needs EDIT on its model (it tags the version).
   */
  public WebhookRoutes(WebhookService webhooks, RegistryService registry, Authorizer authz) {
    this.webhooks = webhooks;
    this.registry = registry;
    this.authz = authz;
  }

  public void register(Javalin app, String prefix) {
    app.post(prefix + "/webhooks", this::create);
    app.get(prefix + "/webhooks", this::list);
    app.delete(prefix + "/webhooks/{id}", this::delete);
    app.post(prefix + "/webhooks/{id}/ping", this::ping);
    app.get(prefix + "/webhooks/{id}/deliveries", this::deliveries);
    app.post(prefix + "/registered-models/{name}/gate-results", this::gateResult);
  }

  private void create(Context ctx) {
    authz.requireAdmin(ctx);
    JsonRequest r = HttpRequests.body(ctx);
    Webhook w = webhooks.register(r.requiredString("url"), r.stringList("events"), r.optionalString("secret"),
        r.optionalString("description"));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("webhook", json(w).put("secret", w.secret()));
    HttpRequests.json(ctx, o);
  }

  private void list(Context ctx) {
    authz.requireAdmin(ctx);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode a = o.putArray("webhooks");
    for (Webhook w : webhooks.list()) a.add(json(w));
    HttpRequests.json(ctx, o);
  }

  private void delete(Context ctx) {
    authz.requireAdmin(ctx);
    webhooks.delete(ctx.pathParam("id"));
    HttpRequests.empty(ctx);
  }

  private void ping(Context ctx) {
    authz.requireAdmin(ctx);
    HttpRequests.json(ctx, JsonNodeFactory.instance.objectNode().put("delivery_id", webhooks.ping(ctx.pathParam("id"))));
  }

  private void deliveries(Context ctx) {
    authz.requireAdmin(ctx);
    JsonRequest q = HttpRequests.query(ctx);
    Integer max = q.optionalInt32("max_results");
    if (max != null && (max < 1 || max > 10_000)) throw VigilException.invalid("max_results must be between 1 and 10000.");
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode a = o.putArray("deliveries");
    for (Attempt t : webhooks.attempts(ctx.pathParam("id"), max == null ? 1000 : max)) {
      ObjectNode n = a.addObject();
      n.put("delivery_id", t.deliveryId());
      n.put("event", t.event());
      n.put("attempt", t.attempt());
      n.put("attempted_at", t.attemptedAt());
      if (t.statusCode() == null) n.putNull("status_code");
      else n.put("status_code", t.statusCode());
      n.put("success", t.success());
      n.put("error", t.error());
      n.put("duration_ms", t.durationMs());
    }
    HttpRequests.json(ctx, o);
  }

  private void gateResult(Context ctx) {
    String name = ctx.pathParam("name");
    authz.requireModel(ctx, name, Permission.EDIT);
    JsonRequest r = HttpRequests.body(ctx);
    String version = r.requiredString("version");
    Boolean passed = r.optionalBoolean("passed");
    if (passed == null) throw VigilException.invalid("Missing value for required parameter 'passed'.");
    ObjectNode report = (ObjectNode) io.vigil.server.http.Json.MAPPER.valueToTree(r.raw());
    report.put("name", name);
    registry.recordGate(name, version, passed, report);
    HttpRequests.empty(ctx);
  }

  private static ObjectNode json(Webhook w) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", w.id());
    n.put("url", w.url());
    ArrayNode e = n.putArray("events");
    w.events().forEach(e::add);
    n.put("description", w.description());
    n.put("created_at", w.createdAt());
    return n;
  }
}
