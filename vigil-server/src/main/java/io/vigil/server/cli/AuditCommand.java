package io.vigil.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vigil.server.VigilServer;
import io.vigil.server.http.Json;
import io.vigil.server.http.vigil.AuditRoutes;
import io.vigil.server.store.AuditStore;
import io.vigil.server.store.Page;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcAuditStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil audit}: the audit log of state-changing requests, newest first, read from the store
 * directly (as {@code vigil users} does; whoever can open the store may read it).
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Show the audit log of state-changing requests, newest first.")
public final class AuditCommand implements Callable<Integer> {
  @Mixin DbCommand.StoreOption store;
  @Spec CommandSpec spec;

  @Option(names = "--user", description = "Only this user's requests (\"anonymous\" for those without a login).")
  String user;

  @Option(names = "--since", description = "Only requests at or after this instant (ISO-8601, e.g. 2026-01-31T00:00:00Z,"
      + " or epoch milliseconds).")
  String since;

  @Option(names = "--until", description = "Only requests before this instant.")
  String until;

  @Option(names = "--max-results", description = "At most this many entries (default: ${DEFAULT-VALUE}).")
  int maxResults = 100;

  @Option(names = "--json", description = "Print a JSON array (fields as GET /api/vigil/audit answers).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (maxResults < 1) throw new IllegalArgumentException("--max-results must be positive");
    List<AuditStore.Entry> entries = new ArrayList<>();
    try (Database db = VigilServer.openDatabase(store.config())) {
      JdbcAuditStore audit = new JdbcAuditStore(db);
      String token = null;
      do {
        int page = Math.min(AuditRoutes.MAX_RESULTS, maxResults - entries.size());
        Page<AuditStore.Entry> p = audit.search(new AuditStore.Query(user, AuditRoutes.instant(since, "--since"),
            AuditRoutes.instant(until, "--until"), page, token));
        entries.addAll(p.items());
        token = p.nextPageToken();
      } while (token != null && entries.size() < maxResults);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      entries.forEach(e -> array.add(AuditRoutes.json(e)));
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array));
      return 0;
    }
    TextTable table = new TextTable("time", "user", "method", "path", "status", "client", "target");
    for (AuditStore.Entry e : entries) {
      table.row(Instant.ofEpochMilli(e.at()).toString(), e.username(), e.method(), e.path(), Integer.toString(e.status()),
          e.clientIp(), e.target() == null ? "" : e.target());
    }
    table.print(out);
    return 0;
  }
}
