package io.vigil.server.http;

import io.javalin.http.Context;
import io.vigil.server.audit.AuditLog;
import java.util.Set;

/**
 * The after-handler that feeds the audit log: every POST, PUT, PATCH and DELETE except MLflow's
 * read-only POSTs (searches), when it succeeded (2xx) or was refused (401, 403). Other failures (bad
 * input, not found, rate limited) changed nothing and decided nothing about access, so they are not
 * recorded. The target is a path parameter or a field the handler already parsed from the body.
 */
final class AuditRecorder {
  /** MLflow answers these POSTs without changing anything. */
  private static final Set<String> READ_ONLY_POST_SUFFIXES =
      Set.of("/experiments/search", "/runs/search", "/registered-models/get-latest-versions");
  /** Body fields naming what a request changes, most specific first. */
  private static final String[] TARGET_FIELDS = {"run_id", "run_uuid", "experiment_id", "name", "username"};
  static final String ANONYMOUS = "anonymous";
  private static final int MAX_PATH = 1000;
  private static final int MAX_TARGET = 300;

  private final AuditLog log;

  AuditRecorder(AuditLog log) {
    this.log = log;
  }

  static boolean isAudited(String method, String path) {
    return switch (method) {
      case "PUT", "PATCH", "DELETE" -> true;
      case "POST" -> READ_ONLY_POST_SUFFIXES.stream().noneMatch(path::endsWith);
      default -> false;
    };
  }

  void after(Context ctx) {
    String method = ctx.method().name();
    String path = ctx.path();
    if (!isAudited(method, path)) return;
    int status = ctx.statusCode();
    if (!(status >= 200 && status < 300) && status != 401 && status != 403) return;
    String user = Caller.username(ctx);
    log.record(user == null ? ANONYMOUS : user, method, cut(path, MAX_PATH), status, ctx.ip(), target(ctx));
  }

  private static String target(Context ctx) {
    String params = pathParams(endpointPath(ctx), ctx.path());
    if (params != null) return cut(params, MAX_TARGET);
    JsonRequest body = HttpRequests.parsedBody(ctx);
    if (body == null) return null;
    for (String field : TARGET_FIELDS) {
      String v = body.peekText(field);
      if (v != null) return cut(field + "=" + v, MAX_TARGET);
    }
    return null;
  }

  /** The matched route's template, or null when none matched (after-handlers see only their own "*"). */
  private static String endpointPath(Context ctx) {
    try {
      return ctx.endpointHandlerPath();
    } catch (RuntimeException none) {
      return null;
    }
  }

  /**
   * {@code "id=5 username=bob"} from a route template such as {@code /x/{id}/permissions/{username}} and
   * the request's path; a trailing {@code <path>} takes the rest of the path. Null when there are none.
   */
  static String pathParams(String template, String path) {
    if (template == null || template.indexOf('{') < 0 && template.indexOf('<') < 0) return null;
    String[] t = template.split("/", -1);
    String[] p = path.split("/", -1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < t.length && i < p.length; i++) {
      String seg = t[i];
      boolean rest = seg.startsWith("<");
      if (!rest && !seg.startsWith("{")) continue;
      String value = rest ? String.join("/", java.util.Arrays.copyOfRange(p, i, p.length)) : p[i];
      if (b.length() > 0) b.append(' ');
      b.append(seg, 1, seg.length() - 1).append('=').append(value);
      if (rest) break;
    }
    return b.length() == 0 ? null : b.toString();
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
