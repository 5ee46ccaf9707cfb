package io.vigil.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.vigil.model.ErrorCode;
import io.vigil.model.VigilException;
import io.javalin.http.staticfiles.Location;
import io.vigil.metrics.InvalidInputException;
import io.vigil.server.artifacts.LocalArtifactRepository;
import io.vigil.server.auth.AuthService;
import io.vigil.server.auth.Authorizer;
import io.vigil.server.http.vigil.PermissionRoutes;
import io.vigil.server.auth.Principal;
import io.vigil.server.http.vigil.AuditRoutes;
import io.vigil.server.http.vigil.AuthRoutes;
import io.vigil.server.http.mlflow.MlflowArtifactRoutes;
import io.vigil.server.http.mlflow.MlflowPermissionRoutes;
import io.vigil.server.http.mlflow.MlflowRegistryRoutes;
import io.vigil.server.http.mlflow.MlflowTrackingRoutes;
import io.vigil.server.http.vigil.EvaluateRoutes;
import io.vigil.server.http.vigil.RegistryRoutes;
import io.vigil.server.http.vigil.MonitorRoutes;
import io.vigil.server.monitor.MonitorService;
import io.vigil.server.http.vigil.SeriesRoutes;
import io.vigil.server.http.vigil.WebhookRoutes;
import io.vigil.server.webhooks.WebhookService;
import io.vigil.server.registry.RegistryService;
import io.vigil.server.tracking.TrackingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the (unstarted) Javalin app: every route is listed here, and every error is mapped here. */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  public static final String VERSION = "0.1.0";
  /** Classpath folder of the dashboard's assets. */
  static final String WEB_ROOT = "/web";

  private HttpApi() {}

  /**
   * The app; {@code artifacts} is the local artifact root the proxy serves, or null when the root is
   * remote; {@code webhooks} is null when webhooks are off.
   */
  public static Javalin create(TrackingService tracking, RegistryService registry, LocalArtifactRepository artifacts,
      WebhookService webhooks, MonitorService monitors) {
    return create(tracking, registry, artifacts, webhooks, monitors, null);
  }

  /**
   * As above; with {@code auth} non-null, authentication is on: every request but the public ones
   * (see {@link #isPublic(Context)}) needs HTTP Basic or a Bearer token, checked in one before-handler.
   */
  public static Javalin create(TrackingService tracking, RegistryService registry, LocalArtifactRepository artifacts,
      WebhookService webhooks, MonitorService monitors, AuthService auth) {
    return create(tracking, registry, artifacts, webhooks, monitors, auth, Authorizer.allowAll());
  }

  /**
   * As above, with permissions on experiments and registered models checked by {@code authz} on every
   * route (it allows everything when {@code auth} is null).
   */
  public static Javalin create(TrackingService tracking, RegistryService registry, LocalArtifactRepository artifacts,
      WebhookService webhooks, MonitorService monitors, AuthService auth, Authorizer authz) {
    return create(tracking, registry, artifacts, webhooks, monitors, auth, authz, RequestGuards.none());
  }

  /**
   * As above, with {@code guards} against abuse: the rate limit and the failed-login slow-down are
   * checked in before-handlers, the audit log is fed by an after-handler (and read at
   * {@code GET /api/vigil/audit}), and Jetty gets the header size limit and idle timeout.
   */
  public static Javalin create(TrackingService tracking, RegistryService registry, LocalArtifactRepository artifacts,
      WebhookService webhooks, MonitorService monitors, AuthService auth, Authorizer authz, RequestGuards guards) {
    java.util.concurrent.atomic.AtomicReference<org.eclipse.jetty.server.Server> jetty =
        new java.util.concurrent.atomic.AtomicReference<>();
    Javalin app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.http.prefer405over404 = true;
      cfg.http.maxRequestSize = HttpRequests.MAX_BODY_BYTES;
      cfg.useVirtualThreads = false;
      // Larger request lines and headers get Jetty's 431. A connection silent for the idle timeout is
      // closed, so a client that stalls mid-request keeps its socket (and, mid-body, a thread) only so long.
      // The connector exists only once the server starts, hence the event.
      cfg.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(guards.maxHeaderBytes()));
      cfg.jetty.modifyServer(jetty::set);
      cfg.events(ev -> ev.serverStarting(() -> {
        for (org.eclipse.jetty.server.Connector c : jetty.get().getConnectors()) {
          if (c instanceof org.eclipse.jetty.server.AbstractConnector a) a.setIdleTimeout(guards.idleTimeout().toMillis());
        }
      }));
      // The dashboard: index.html, ES modules, CSS and vendored uPlot from the classpath (no CDN).
      cfg.staticFiles.add(sf -> {
        sf.hostedPath = "/";
        sf.directory = WEB_ROOT;
        sf.location = Location.CLASSPATH;
        sf.headers = java.util.Map.of("Cache-Control", "no-cache");
      });
    });

    if (auth != null) {
      RateLimiter failedLogins = guards.failedLogins();
      app.before(ctx -> {
        if (isPublic(ctx)) return;
        String authorization = ctx.header("Authorization");
        boolean credentials = authorization != null && !authorization.isBlank();
        // Password guessing: a username that failed too often from an address is answered at once, unchecked.
        String guessKey = failedLogins == null ? null : passwordLoginKey(authorization, ctx.ip());
        if (guessKey != null) {
          long wait = failedLogins.waitMillis(guessKey);
          if (wait > 0) throw tooManyRequests(ctx, wait, "Too many failed logins for this user from this address.");
        }
        Principal p = auth.authenticate(authorization, ctx.ip()).orElse(null);
        if (p == null) {
          if (guessKey != null) failedLogins.acquire(guessKey);
          throw new VigilException(ErrorCode.UNAUTHENTICATED, !credentials
              ? "Authentication required: send HTTP Basic credentials or an Authorization: Bearer token."
              : "Invalid credentials.");
        }
        ctx.attribute(Caller.ATTRIBUTE, p);
      });
      new AuthRoutes(auth).register(app, "/api/vigil");
      new PermissionRoutes(authz, auth, tracking, registry).register(app, "/api/vigil");
      new MlflowPermissionRoutes(authz, auth, tracking, registry).register(app, "/api/2.0/mlflow");
    }
    if (guards.rateLimiter() != null) {
      RateLimiter limiter = guards.rateLimiter();
      app.before(ctx -> {
        long wait = limiter.acquire(rateLimitKey(ctx));
        if (wait > 0) throw tooManyRequests(ctx, wait, "Rate limit exceeded.");
      });
    }
    if (guards.audit() != null) {
      app.after(new AuditRecorder(guards.audit())::after);
      new AuditRoutes(guards.audit()).register(app, "/api/vigil");
    }
    new ServerMetrics(monitors, tracking).register(app);
    app.get("/health", ctx -> {
      tracking.store().check();
      ctx.contentType("text/plain").result("OK");
    });
    app.get("/version", ctx -> ctx.contentType("text/plain").result(VERSION));

    MlflowTrackingRoutes mlflow = new MlflowTrackingRoutes(tracking, authz);
    mlflow.register(app, "/api/2.0/mlflow");
    mlflow.register(app, "/ajax-api/2.0/mlflow");
    new SeriesRoutes(tracking, authz).register(app, "/api/vigil");
    MlflowRegistryRoutes registryRoutes = new MlflowRegistryRoutes(registry, authz);
    registryRoutes.register(app, "/api/2.0/mlflow");
    registryRoutes.register(app, "/ajax-api/2.0/mlflow");
    new RegistryRoutes(registry, authz).register(app, "/api/vigil");
    if (webhooks != null) new WebhookRoutes(webhooks, registry, authz).register(app, "/api/vigil");
    MlflowArtifactRoutes artifactRoutes = new MlflowArtifactRoutes(artifacts, tracking, authz);
    artifactRoutes.register(app, "/api/2.0/mlflow-artifacts", "/api/2.0/mlflow");
    artifactRoutes.register(app, "/ajax-api/2.0/mlflow-artifacts", "/ajax-api/2.0/mlflow");

    new EvaluateRoutes(tracking, tracking.clock(), authz).register(app);
    new MonitorRoutes(monitors, tracking, artifacts, authz).register(app, "/api/vigil");

    app.exception(VigilException.class, (e, ctx) -> error(ctx, e.code(), e.getMessage()));
    // The metrics library rejects bad input with messages written for the caller.
    app.exception(InvalidInputException.class, (e, ctx) -> error(ctx, ErrorCode.INVALID_PARAMETER_VALUE, e.getMessage()));
    app.exception(HttpResponseException.class, (e, ctx) -> {
      if (e.getStatus() == 404 && isSpaPath(ctx)) {
        spaIndex(ctx);
        return;
      }
      ErrorCode code = e.getStatus() == 404 ? ErrorCode.ENDPOINT_NOT_FOUND
          : e.getStatus() == 405 ? ErrorCode.METHOD_NOT_ALLOWED
          : e.getStatus() >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_PARAMETER_VALUE;
      error(ctx, code, e.getMessage());
    });
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
      error(ctx, ErrorCode.INTERNAL_ERROR, "Internal server error; see the server log.");
    });
    // Status handlers run for every response with that status: only fill in a body when none was set.
    app.error(404, ctx -> {
      if (ctx.resultInputStream() != null) return;
      if (isSpaPath(ctx)) {
        spaIndex(ctx);
      } else {
        error(ctx, ErrorCode.ENDPOINT_NOT_FOUND, "No endpoint " + ctx.method() + " " + ctx.path());
      }
    });
    app.error(405, ctx -> {
      if (ctx.resultInputStream() == null || !"application/json".equals(ctx.res().getContentType())) {
        error(ctx, ErrorCode.METHOD_NOT_ALLOWED, "Method " + ctx.method() + " is not allowed on " + ctx.path());
      }
    });
    return app;
  }

  /**
   * Every HTTP route of {@code app} as {@code "METHOD path"} (before/after handlers excluded), for
   * tests that must cover every endpoint.
   */
  public static java.util.List<String> routes(Javalin app) {
    return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
        .map(e -> e.getEndpoint())
        .filter(e -> e.getMethod().isHttpMethod())
        .map(e -> e.getMethod().name() + " " + e.getPath())
        .distinct()
        .toList();
  }

  /**
   * What anyone may GET with authentication on: /health, /version and the dashboard's static files and
   * single-page fallback (every path outside /api/, /ajax-api/ and /metrics). All else needs credentials.
   */
  static boolean isPublic(Context ctx) {
    String method = ctx.method().name();
    if (!method.equals("GET") && !method.equals("HEAD")) return false;
    String path = ctx.path();
    if (path.equals("/health") || path.equals("/version")) return true;
    String lower = path.toLowerCase(java.util.Locale.ROOT);
    return !lower.startsWith("/api") && !lower.startsWith("/ajax-api") && !lower.startsWith("/metrics")
        && !lower.contains("//") && !lower.contains("%");
  }

  /** Whom a request counts against: its API token, else its user, else (no login) its client address. */
  static String rateLimitKey(Context ctx) {
    Principal p = Caller.of(ctx).orElse(null);
    if (p == null) return "ip:" + ctx.ip();
    return p.tokenId() != null ? "token:" + p.tokenId() : "user:" + p.username();
  }

  /**
   * {@code "address|username"} for an HTTP Basic header, whose failures count towards the login
   * slow-down; null for anything else (a Bearer token cannot be guessed, so its failures only wait).
   */
  static String passwordLoginKey(String authorization, String ip) {
    if (authorization == null || authorization.length() > 8192) return null;
    String h = authorization.trim();
    if (!h.regionMatches(true, 0, "Basic ", 0, 6)) return null;
    String user;
    try {
      String decoded = new String(java.util.Base64.getDecoder().decode(h.substring(6).trim()),
          java.nio.charset.StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      user = colon < 0 ? decoded : decoded.substring(0, colon);
    } catch (IllegalArgumentException notBase64) {
      user = "";
    }
    return ip + "|" + (user.length() > 64 ? user.substring(0, 64) : user);
  }

  /** A 429 REQUEST_LIMIT_EXCEEDED whose Retry-After (whole seconds) is when the bucket has a token again. */
  private static VigilException tooManyRequests(Context ctx, long waitMillis, String why) {
    long seconds = RateLimiter.retryAfterSeconds(waitMillis);
    ctx.header("Retry-After", Long.toString(seconds));
    return new VigilException(ErrorCode.REQUEST_LIMIT_EXCEEDED, why + " Retry after " + seconds + " s.");
  }

  /**
   * The dashboard's single-page fallback: a GET of a non-API path that matched neither a route nor a
   * static file answers index.html, so links such as /experiments/1 open the app. API paths keep
   * their JSON 404.
   */
  private static boolean isSpaPath(Context ctx) {
    String path = ctx.path();
    return "GET".equals(ctx.method().name())
        && !path.startsWith("/api/") && !path.startsWith("/ajax-api/")
        && !path.equals("/health") && !path.equals("/version") && !path.equals("/metrics")
        && !path.substring(path.lastIndexOf('/') + 1).contains(".");
  }

  private static void spaIndex(Context ctx) {
    try (var in = HttpApi.class.getResourceAsStream(WEB_ROOT + "/index.html")) {
      if (in == null) {
        error(ctx, ErrorCode.ENDPOINT_NOT_FOUND, "No endpoint " + ctx.method() + " " + ctx.path());
        return;
      }
      ctx.status(200).contentType("text/html; charset=utf-8").result(in.readAllBytes());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
  /** Seconds a client is asked to wait before retrying when the store is temporarily unavailable. */
  static final String RETRY_AFTER_SECONDS = "1";

  /** Header value the dashboard sends on its API calls (js/api.js). */
  static final String DASHBOARD_CLIENT = "vigil-dashboard";

  /** Whether the request comes from the dashboard, which shows its own sign-in form on 401. */
  static boolean fromDashboard(Context ctx) {
    return DASHBOARD_CLIENT.equals(ctx.header("X-Requested-With"));
  }

  static void error(Context ctx, ErrorCode code, String message) {
    if (code == ErrorCode.TEMPORARILY_UNAVAILABLE) ctx.header("Retry-After", RETRY_AFTER_SECONDS);
    // The challenge makes browsers pop their own credential dialog: the dashboard asks in its own form instead.
    if (code == ErrorCode.UNAUTHENTICATED && !fromDashboard(ctx)) ctx.header("WWW-Authenticate", "Basic realm=\"vigil\"");
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("error_code", code.name());
    body.put("message", message == null ? code.name() : message);
    ctx.status(code.httpStatus());
    HttpRequests.json(ctx, body);
  }
}
