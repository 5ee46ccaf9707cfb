package io.vigil.server.http;

import io.javalin.http.Context;
import io.vigil.server.auth.Principal;
import java.util.Optional;

/** The authenticated caller of a request, as the authentication before-handler in {@link HttpApi} left it. */
public final class Caller {
  static final String ATTRIBUTE = "vigil.principal";

  private Caller() {}

  /** The caller, or empty when authentication is off. */
  public static Optional<Principal> of(Context ctx) {
    return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
  }

  /** The caller's username, or null when authentication is off. */
  public static String username(Context ctx) {
    return of(ctx).map(Principal::username).orElse(null);
  }
}
