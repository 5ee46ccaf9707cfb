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
    subcommands = {DbCommand.Migrate.class, DbCommand.Info.class})
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
}
