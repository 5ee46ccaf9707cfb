package io.vigil.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.vigil.model.ErrorCode;
import io.vigil.model.VigilException;
import io.vigil.server.http.mlflow.MlflowTrackingRoutes;
import io.vigil.server.tracking.TrackingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the (unstarted) Javalin app: every route is listed here, and every error is mapped here. */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  public static final String VERSION = "0.1.0";

  private HttpApi() {}

  public static Javalin create(TrackingService tracking) {
    Javalin app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.http.prefer405over404 = true;
      cfg.http.maxRequestSize = HttpRequests.MAX_BODY_BYTES;
      cfg.useVirtualThreads = false;
    });

    app.get("/health", ctx -> {
      tracking.store().check();
      ctx.contentType("text/plain").result("OK");
    });
    app.get("/version", ctx -> ctx.contentType("text/plain").result(VERSION));

    MlflowTrackingRoutes mlflow = new MlflowTrackingRoutes(tracking);
    mlflow.register(app, "/api/2.0/mlflow");
    mlflow.register(app, "/ajax-api/2.0/mlflow");

    app.exception(VigilException.class, (e, ctx) -> error(ctx, e.code(), e.getMessage()));
    app.exception(HttpResponseException.class, (e, ctx) -> {
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
      if (ctx.resultInputStream() == null) {
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

  /** Seconds a client is asked to wait before retrying when the store is temporarily unavailable. */
  static final String RETRY_AFTER_SECONDS = "1";

  static void error(Context ctx, ErrorCode code, String message) {
    if (code == ErrorCode.TEMPORARILY_UNAVAILABLE) ctx.header("Retry-After", RETRY_AFTER_SECONDS);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("error_code", code.name());
    body.put("message", message == null ? code.name() : message);
    ctx.status(code.httpStatus());
    HttpRequests.json(ctx, body);
  }
}
