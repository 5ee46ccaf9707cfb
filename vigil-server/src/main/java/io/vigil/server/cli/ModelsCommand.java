package io.vigil.server.cli;

import io.vigil.client.VigilClient;
import io.vigil.client.VigilClientException;
import io.vigil.client.VigilHttpException;
import io.vigil.model.AliasMove;
import io.vigil.model.ModelVersion;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil models}: register versions, move aliases, show the alias history, roll back. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "Work with the model registry of a tracking server.",
    subcommands = {ModelsCommand.Register.class, ModelsCommand.SetAlias.class, ModelsCommand.History.class,
        ModelsCommand.Rollback.class})
public final class ModelsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs {@code body} with a client; server errors are one line and exit 2. */
  static int withClient(TrackingServerOption server, CommandSpec spec, java.util.function.Function<VigilClient, Integer> body) {
    try (VigilClient client = server.client()) {
      return body.apply(client);
    } catch (VigilClientException e) {
      String line = e instanceof VigilHttpException h && h.status() < 500 ? h.serverMessage() : TrackingServerOption.describe(e,
          server.resolve(System.getenv()));
      spec.commandLine().getErr().println("vigil: " + line.replaceAll("\\s+", " ").trim());
      return 2;
    }
  }

  static String user() {
    return System.getProperty("user.name", "");
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Create a new version of a model (the model is created when missing) and print its number.")
  static final class Register implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Option(names = "--source", required = true, paramLabel = "URI", description = "Where the model's files are.") String source;
    @Option(names = "--run-id", paramLabel = "RUN_ID", description = "The run that produced the model.") String runId;
    @Mixin TrackingServerOption server = new TrackingServerOption();

    @Override
    public Integer call() {
      return withClient(server, spec, client -> {
        if (client.registry().getRegisteredModel(name).isEmpty()) {
          try {
            client.registry().createRegisteredModel(name);
          } catch (VigilHttpException e) {
            if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) throw e;
          }
        }
        ModelVersion v = client.registry().createModelVersion(name, source, runId);
        spec.commandLine().getOut().println(v.version());
        return 0;
      });
    }
  }

  @Command(name = "set-alias", mixinStandardHelpOptions = true, description = "Point an alias at a version.")
  static final class SetAlias implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Option(names = "--alias", required = true, paramLabel = "ALIAS") String alias;
    @Option(names = "--version", required = true, paramLabel = "VERSION") String version;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Recorded in the alias history.") String reason;
    @Mixin TrackingServerOption server = new TrackingServerOption();

    @Override
    public Integer call() {
      return withClient(server, spec, client -> {
        client.registry().setAlias(name, alias, version, reason, user());
        spec.commandLine().getOut().println(name + "@" + alias + " -> v" + version);
        return 0;
      });
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true, description = "List the moves of a model's aliases, oldest first.")
  static final class History implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Option(names = "--alias", paramLabel = "ALIAS", description = "Only this alias.") String alias;
    @Mixin TrackingServerOption server = new TrackingServerOption();

    @Override
    public Integer call() {
      return withClient(server, spec, client -> {
        List<AliasMove> moves = client.registry().aliasHistory(name, alias);
        PrintWriter out = spec.commandLine().getOut();
        TextTable t = new TextTable("when", "alias", "from", "to", "kind", "by", "reason");
        for (AliasMove m : moves) {
          t.row(Instant.ofEpochMilli(m.movedAt()).toString(), m.alias(), m.fromVersion() == null ? "-" : "v" + m.fromVersion(),
              m.toVersion() == null ? "-" : "v" + m.toVersion(), m.kind(), m.movedBy().isEmpty() ? "-" : m.movedBy(),
              m.reason());
        }
        t.print(out);
        return 0;
      });
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Move an alias back to the version that held it before (successive rollbacks walk further back).")
  static final class Rollback implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Option(names = "--alias", paramLabel = "ALIAS", description = "Default: ${DEFAULT-VALUE}.") String alias = "champion";
    @Option(names = "--reason", paramLabel = "TEXT", description = "Recorded in the alias history.") String reason;
    @Mixin TrackingServerOption server = new TrackingServerOption();

    @Override
    public Integer call() {
      return withClient(server, spec, client -> {
        AliasMove m = client.registry().rollback(name, alias, reason, user());
        spec.commandLine().getOut().println("rolled back: " + name + "@" + alias + " v" + m.fromVersion() + " -> v" + m.toVersion());
        return 0;
      });
    }
  }

}
