package io.vigil.server.http.vigil;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vigil.model.ErrorCode;
import io.vigil.model.VigilException;
import io.vigil.server.auth.AuthService;
import io.vigil.server.auth.Principal;
import io.vigil.server.http.Caller;
import io.vigil.server.http.HttpRequests;
import io.vigil.server.http.JsonRequest;
import io.vigil.server.store.UserStore.ApiToken;
import io.vigil.server.store.UserStore.User;
import java.time.Duration;

/**
 * Users and API tokens under /api/vigil (only with authentication on):
 * <ul>
 *   <li>{@code POST /users {"username", "password", "is_admin"?}} (admins) → {@code {"user": {…}}};</li>
 *   <li>{@code GET /users} (admins) → {@code {"users": [{"username", "is_admin", "created"}…]}}, never hashes;</li>
 *   <li>{@code GET /users/{username}} (admins, or the user) → {@code {"user": {…}}};</li>
 *   <li>{@code PATCH /users/{username} {"password"?, "current_password"?, "is_admin"?}}: a new password (admins, or
 *       the user, who must also send their current one), admin or not (admins); → {@code {"user": {…}}};</li>
 *   <li>{@code DELETE /users/{username}} (admins) deletes the user with their tokens and grants;</li>
 *   <li>{@code POST /tokens {"name"?, "expires_days"?, "username"?}} → {@code {"token": "vgl_…", "token_info": {…}}}:
 *       a user creates their own; an admin may name another user; the secret is shown only here;</li>
 *   <li>{@code GET /tokens} → the caller's tokens (without secrets);</li>
 *   <li>{@code DELETE /tokens/{id}} revokes a token (its owner or an admin);</li>
 *   <li>{@code GET /whoami} → {@code {"username", "is_admin"}}: the caller, which the dashboard's sign-in form
 *       uses to check credentials.</li>
 * </ul>
 */
public final class AuthRoutes {
  private final AuthService auth;

  public AuthRoutes(AuthService auth) {
    this.auth = auth;
  }

  public void register(Javalin app, String prefix) {
    app.post(prefix + "/users", this::createUser);
    app.get(prefix + "/users", this::listUsers);
    app.get(prefix + "/users/{username}", this::getUser);
    app.patch(prefix + "/users/{username}", this::updateUser);
    app.delete(prefix + "/users/{username}", this::deleteUser);
    app.post(prefix + "/tokens", this::createToken);
    app.get(prefix + "/tokens", this::listTokens);
    app.delete(prefix + "/tokens/{id}", this::revokeToken);
    app.get(prefix + "/whoami", this::whoami);
  }

  private static Principal caller(Context ctx) {
    return Caller.of(ctx).orElseThrow(() -> new VigilException(ErrorCode.PERMISSION_DENIED,
        "Users and tokens are managed over REST only when the server runs with --auth; use `vigil users` and"
            + " `vigil tokens` against the store instead."));
  }

  private static void requireAdmin(Principal p) {
    if (!p.admin()) throw new VigilException(ErrorCode.PERMISSION_DENIED, "Only an admin may do this.");
  }

  private void createUser(Context ctx) {
    requireAdmin(caller(ctx));
    JsonRequest r = HttpRequests.body(ctx);
    String password = r.requiredString("password");
    Boolean admin = r.optionalBoolean("is_admin");
    User u = auth.createUser(r.requiredString("username"), password.toCharArray(), admin != null && admin);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("user", user(u));
    HttpRequests.json(ctx, o);
  }

  private void listUsers(Context ctx) {
    requireAdmin(caller(ctx));
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (User u : auth.listUsers()) list.add(user(u));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("users", list);
    HttpRequests.json(ctx, o);
  }

  /** The named user, for an admin or the user themself; others are refused before the name is looked up. */
  private User ownOrAdmin(Principal p, String username) {
    if (!username.equals(p.username())) requireAdmin(p);
    return auth.user(username);
  }

  private void getUser(Context ctx) {
    User u = ownOrAdmin(caller(ctx), ctx.pathParam("username"));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("user", user(u));
    HttpRequests.json(ctx, o);
  }

  /** Everything is checked before anything is written, so a refused request changes nothing. */
  private void updateUser(Context ctx) {
    Principal p = caller(ctx);
    String username = ctx.pathParam("username");
    JsonRequest r = HttpRequests.body(ctx);
    String password = r.optionalString("password");
    Boolean admin = r.optionalBoolean("is_admin");
    if (admin != null) requireAdmin(p);
    ownOrAdmin(p, username);
    if (password == null && admin == null) {
      throw VigilException.invalid("Nothing to change: send 'password' and/or 'is_admin'.");
    }
    if (password != null) {
      AuthService.validatePassword(password.toCharArray());
      if (username.equals(p.username())) {
        String current = r.optionalString("current_password");
        if (current == null) throw VigilException.invalid("Changing your own password needs 'current_password'.");
        auth.checkCurrentPassword(username, current.toCharArray());
      }
    }
    if (admin != null) auth.setAdmin(username, admin);
    if (password != null) auth.setPassword(username, password.toCharArray());
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("user", user(auth.user(username)));
    HttpRequests.json(ctx, o);
  }

  private void deleteUser(Context ctx) {
    requireAdmin(caller(ctx));
    auth.deleteUser(ctx.pathParam("username"));
    HttpRequests.empty(ctx);
  }

  private void createToken(Context ctx) {
    Principal p = caller(ctx);
    JsonRequest r = HttpRequests.body(ctx);
    String username = r.optionalString("username");
    if (username == null || username.isBlank()) username = p.username();
    if (!username.equals(p.username())) requireAdmin(p);
    Long days = r.optionalInt64("expires_days");
    if (days != null && (days < 1 || days > 36_500)) {
      throw VigilException.invalid("expires_days must be between 1 and 36500, got " + days + ".");
    }
    AuthService.NewToken t = auth.createToken(username, r.optionalString("name"), days == null ? null : Duration.ofDays(days));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("token", t.secret());
    o.set("token_info", token(t.token()));
    HttpRequests.json(ctx, o);
  }

  private void listTokens(Context ctx) {
    Principal p = caller(ctx);
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (ApiToken t : auth.tokens(p.username())) list.add(token(t));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("tokens", list);
    HttpRequests.json(ctx, o);
  }

  private void revokeToken(Context ctx) {
    Principal p = caller(ctx);
    String id = ctx.pathParam("id");
    ApiToken t = auth.token(id).orElseThrow(() -> VigilException.notFound("No API token with id '" + id + "'."));
    if (!t.username().equals(p.username())) requireAdmin(p);
    auth.revokeToken(id);
    HttpRequests.json(ctx, JsonNodeFactory.instance.objectNode());
  }

  private void whoami(Context ctx) {
    Principal p = caller(ctx);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("username", p.username());
    o.put("is_admin", p.admin());
    HttpRequests.json(ctx, o);
  }

  static ObjectNode user(User u) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("username", u.username());
    o.put("is_admin", u.admin());
    o.put("created", u.created());
    return o;
  }

  static ObjectNode token(ApiToken t) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", t.id());
    o.put("username", t.username());
    o.put("name", t.name());
    o.put("created", t.created());
    if (t.expiresAt() != null) o.put("expires_at", t.expiresAt());
    o.put("revoked", t.revoked());
    return o;
  }
}
