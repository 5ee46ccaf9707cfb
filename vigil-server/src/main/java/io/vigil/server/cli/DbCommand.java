package io.vigil.server.cli;

import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.StoreStatistics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil db migrate|info}: the store's schema, without starting a server. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Manage the tracking store's database.",
    subcommands = {DbCommand.Migrate.class, DbCommand.Info.class, DbCommand.Copy.class})
public final class DbCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The store option shared by the verbs (the same flag and default as {@code vigil server}). */
  static final class StoreOption {
    @Option(names = "--backend-store-uri",
        description = "Store: sqlite:///relative.db, sqlite:////absolute.db or postgresql://user:password@host:port/db"
            + " (default: sqlite:///vigil-data/vigil.db).")
    String backendStoreUri = ServerConfig.defaultStoreUri();

    ServerConfig config() {
      return new ServerConfig(ServerConfig.DEFAULT_HOST, 0, backendStoreUri, ServerConfig.defaultArtifactRootPath())
          .validate();
    }
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = "Create or upgrade the schema to this version of Vigil (the server also does this at start-up).")
  static final class Migrate implements Callable<Integer> {
    @picocli.CommandLine.Mixin StoreOption store;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ServerConfig config = store.config();
      try (Database db = VigilServer.openDatabase(config, false)) {
        int applied = db.migrate();
        MigrationInfo current = db.migrationInfo().current();
        spec.commandLine().getOut().printf("%s: applied %d migration(s); schema version %s%n", db.description(), applied,
            current == null ? "none" : current.getVersion());
      }
      return 0;
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Show the schema version, pending migrations and row counts.")
  static final class Info implements Callable<Integer> {
    @picocli.CommandLine.Mixin StoreOption store;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ServerConfig config = store.config();
      if (!config.isPostgres() && !Files.exists(config.sqlitePath())) {
        throw new IllegalArgumentException("no database at " + config.sqlitePath()
            + " (create it with: vigil db migrate --backend-store-uri " + config.backendStoreUri() + ")");
      }
      PrintWriter out = spec.commandLine().getOut();
      try (Database db = VigilServer.openDatabase(config, false)) {
        MigrationInfoService info = db.migrationInfo();
        MigrationInfo current = info.current();
        out.printf("store:          %s%n", db.description());
        out.printf("schema version: %s%n", current == null ? "none (empty database)" : current.getVersion());
        out.printf("pending:        %d migration(s)%s%n", info.pending().length,
            info.pending().length > 0 ? " (run: vigil db migrate)" : "");
        for (Map.Entry<String, Long> e : StoreStatistics.counts(db).entrySet()) {
          out.printf("%-15s %d%n", e.getKey() + ":", e.getValue());
        }
      }
      return 0;
    }
  }

  @Command(name = "copy", mixinStandardHelpOptions = true,
      description = {"Copy a whole store into another (e.g. SQLite to PostgreSQL), keeping ids.",
          "Resumable: run it again after an interruption; rows already copied are skipped.",
          "Verified: row counts of every table must match at the end. Stop the servers using --from first."})
  static final class Copy implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "Source store URI (sqlite:///… or postgresql://…).")
    String from;

    @Option(names = "--to", required = true, description = "Destination store URI; created and migrated as needed.")
    String to;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ServerConfig source = new ServerConfig(ServerConfig.DEFAULT_HOST, 0, from, ServerConfig.defaultArtifactRootPath()).validate();
      ServerConfig dest = new ServerConfig(ServerConfig.DEFAULT_HOST, 0, to, ServerConfig.defaultArtifactRootPath()).validate();
      if (!source.isPostgres() && !Files.exists(source.sqlitePath())) {
        throw new IllegalArgumentException("--from: no database at " + source.sqlitePath());
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (Database a = VigilServer.openDatabase(source, false); Database b = VigilServer.openDatabase(dest, true)) {
        if (a.migrationInfo().pending().length > 0) {
          throw new IllegalArgumentException("--from is not at this version's schema: run vigil db migrate on it first");
        }
        io.vigil.server.store.jdbc.StoreCopier copier = new io.vigil.server.store.jdbc.StoreCopier(a, b);
        long[] lastPercent = {-1};
        copier.copy(p -> {
          long percent = p.total() == 0 ? 100 : p.done() * 100 / p.total();
          if (percent != lastPercent[0]) {
            lastPercent[0] = percent;
            int bar = (int) (percent / 4);
            err.printf("\r[%-25s] %3d%%  %,d/%,d rows  %-16s", "#".repeat(bar), percent, p.done(), p.total(), p.table());
            err.flush();
          }
        });
        err.println();
        java.util.List<String> diffs = copier.verify();
        if (!diffs.isEmpty()) {
          err.println("vigil: copy NOT verified; row counts differ (was the destination already holding other data,"
              + " or the source written to during the copy?):");
          for (String d : diffs) err.println("  " + d);
          return 1;
        }
        out.printf("copied %s -> %s; verified: row counts of all %d tables match%n", a.description(), b.description(),
            io.vigil.server.store.jdbc.StoreCopier.tableCounts(a).size());
        for (Map.Entry<String, Long> e : StoreStatistics.counts(b).entrySet()) out.printf("%-15s %d%n", e.getKey() + ":", e.getValue());
      }
      return 0;
    }
  }
}
