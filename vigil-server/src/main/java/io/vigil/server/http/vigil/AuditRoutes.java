package io.vigil.server.http.vigil;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vigil.model.ErrorCode;
import io.vigil.model.VigilException;
import io.vigil.server.audit.AuditLog;
import io.vigil.server.auth.Principal;
import io.vigil.server.http.Caller;
import io.vigil.server.http.HttpRequests;
import io.vigil.server.http.JsonRequest;
import io.vigil.server.store.AuditStore;
import io.vigil.server.store.Page;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /api/vigil/audit?user=&since=&until=&max_results=&page_token=} → {@code {"entries": [...],
 * "next_page_token"?}}, newest first; {@code since} and {@code until} are epoch milliseconds or ISO-8601
 * instants. Admins only when authentication is on (without it, everyone may do everything anyway).
 */
public final class AuditRoutes {
  public static final int DEFAULT_MAX_RESULTS = 100;
  public static final int MAX_RESULTS = 1000;

  private final AuditLog audit;

  public AuditRoutes(AuditLog audit) {
    this.audit = audit;
  }

  public void register(Javalin app, String prefix) {
    app.get(prefix + "/audit", this::search);
  }

  private void search(Context ctx) {
    Principal p = Caller.of(ctx).orElse(null);
    if (p != null && !p.admin()) throw new VigilException(ErrorCode.PERMISSION_DENIED, "Only an admin may read the audit log.");
    JsonRequest r = HttpRequests.query(ctx);
    Long max = r.optionalInt64("max_results");
    if (max != null && (max < 1 || max > MAX_RESULTS)) {
      throw VigilException.invalid("max_results must be between 1 and " + MAX_RESULTS + ", got " + max + ".");
    }
    String user = r.optionalString("user");
    Page<AuditStore.Entry> page = audit.search(new AuditStore.Query(user == null || user.isBlank() ? null : user,
        instant(r.optionalString("since"), "since"), instant(r.optionalString("until"), "until"),
        max == null ? DEFAULT_MAX_RESULTS : max.intValue(), r.optionalString("page_token")));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode entries = o.putArray("entries");
    for (AuditStore.Entry e : page.items()) entries.add(json(e));
    if (page.nextPageToken() != null) o.put("next_page_token", page.nextPageToken());
    HttpRequests.json(ctx, o);
  }

  /** Epoch milliseconds or an ISO-8601 instant ({@code 2026-01-31T12:00:00Z}); null when absent. */
  public static Long instant(String text, String name) {
    if (text == null || text.isBlank()) return null;
    String t = text.trim();
    if (t.matches("-?\\d{1,18}")) return Long.parseLong(t);
    try {
      return Instant.parse(t).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw VigilException.invalid(name + " must be epoch milliseconds or an ISO-8601 instant such as"
          + " 2026-01-31T12:00:00Z, got '" + (t.length() > 64 ? t.substring(0, 64) + "…" : t) + "'.");
    }
  }

  public static ObjectNode json(AuditStore.Entry e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", e.id());
    o.put("timestamp", e.at());
    o.put("username", e.username());
    o.put("method", e.method());
    o.put("path", e.path());
    o.put("status", e.status());
    o.put("client_ip", e.clientIp());
    if (e.target() != null) o.put("target", e.target());
    return o;
  }
}
