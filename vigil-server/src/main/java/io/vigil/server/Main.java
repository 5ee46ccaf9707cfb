package io.vigil.server;

import io.vigil.server.cli.AuditCommand;
import io.vigil.server.cli.DriftCommand;
import io.vigil.server.cli.EvaluateCommand;
import io.vigil.server.cli.DbCommand;
import io.vigil.server.cli.ImportCommand;
import io.vigil.server.cli.GateCommand;
import io.vigil.server.cli.ModelsCommand;
import io.vigil.server.cli.WebhooksCommand;
import io.vigil.server.cli.MonitorCommand;
import io.vigil.server.cli.ServerCommand;
import io.vigil.server.cli.TokensCommand;
import io.vigil.server.cli.PermissionsCommand;
import io.vigil.server.cli.UsersCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command line. */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
    description = "Track and monitor the performance of machine-learning models.",
    subcommands = {ServerCommand.class, EvaluateCommand.class, DriftCommand.class, GateCommand.class,
        ModelsCommand.class, WebhooksCommand.class, MonitorCommand.class, DbCommand.class, ImportCommand.class, UsersCommand.class, TokensCommand.class,
        PermissionsCommand.class, AuditCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    // A user's mistake is one line and a non-zero exit, not a stack trace.
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof IllegalArgumentException || e instanceof io.vigil.model.VigilException) {
        cmd.getErr().println("vigil: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cl;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
