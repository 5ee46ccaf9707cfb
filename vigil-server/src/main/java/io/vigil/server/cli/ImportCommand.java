package io.vigil.server.cli;

import io.vigil.server.ServerConfig;
import io.vigil.server.VigilServer;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.MlflowImporter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil import mlflow}: bring an MLflow tracking database's history into Vigil. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Import data from other tools.",
    subcommands = {ImportCommand.Mlflow.class})
public final class ImportCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "mlflow", mixinStandardHelpOptions = true,
      description = {"Import an MLflow 2.x tracking database (experiments, runs, params, tags, full metric histories),",
          "keeping experiment and run ids. Re-running resumes or repeats it harmlessly.",
          "Registered models and versions are counted but not imported yet.",
          "Stop the MLflow server first. A SQLite source is switched to WAL journal mode (MLflow works with it)."})
  static final class Mlflow implements Callable<Integer> {
    @Option(names = "--from", required = true,
        description = "MLflow backend store URI: sqlite:///mlflow.db or postgresql://user:password@host:port/db.")
    String from;

    @Option(names = "--to", description = "Vigil store URI (default: sqlite:///vigil-data/vigil.db).")
    String to = ServerConfig.defaultStoreUri();

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
      try (Database mlflow = VigilServer.openDatabase(source, false); Database vigil = VigilServer.openDatabase(dest, true)) {
        MlflowImporter.Report report = new MlflowImporter(mlflow, vigil).run(step -> {
          err.printf("\rimported %-40s", step);
          err.flush();
        });
        err.println();
        if (!report.differences().isEmpty()) {
          err.println("vigil: import NOT verified; counts differ (was the Vigil store already holding other runs?):");
          for (String d : report.differences()) err.println("  " + d);
          return 1;
        }
        out.printf("imported %s into %s; verified by counts:%n", ServerConfig.redact(from), vigil.description());
        for (Map.Entry<String, Long> e : report.source().entrySet()) out.printf("  %-19s %d%n", e.getKey() + ":", e.getValue());
      }
      return 0;
    }
  }
}
