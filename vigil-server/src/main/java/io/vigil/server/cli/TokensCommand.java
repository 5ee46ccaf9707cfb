package io.vigil.server.cli;

import io.vigil.server.auth.AuthService;
import io.vigil.server.store.UserStore.ApiToken;
import io.vigil.server.store.jdbc.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil tokens create|list|revoke}: API tokens, against the store directly. */
@Command(name = "tokens", mixinStandardHelpOptions = true,
    description = "Manage API tokens (sent as Authorization: Bearer, or MLFLOW_TRACKING_TOKEN).",
    subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
public final class TokensCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a token and print it; it is shown this once and stored only as a hash.")
  static final class Create implements Callable<Integer> {
    @Mixin DbCommand.StoreOption store;
    @Spec CommandSpec spec;

    @Option(names = "--username", required = true, description = "The user the token acts as.")
    String username;

    @Option(names = "--name", description = "A label, e.g. ci or laptop.")
    String name;

    @Option(names = "--expires-days", description = "Days until the token expires (default: never).")
    Integer expiresDays;

    @Override
    public Integer call() {
      if (expiresDays != null && (expiresDays < 1 || expiresDays > 36_500)) {
        throw new IllegalArgumentException("--expires-days must be between 1 and 36500, got " + expiresDays);
      }
      try (Database db = UsersCommand.database(store)) {
        AuthService.NewToken t = UsersCommand.auth(db).createToken(username, name,
            expiresDays == null ? null : Duration.ofDays(expiresDays));
        var out = spec.commandLine().getOut();
        out.println(t.secret());
        spec.commandLine().getErr().printf("token id %s for %s%s; store it now, it is not shown again%n", t.token().id(),
            username, t.token().expiresAt() == null ? "" : ", expires " + Instant.ofEpochMilli(t.token().expiresAt()));
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List a user's tokens (never their secrets).")
  static final class ListTokens implements Callable<Integer> {
    @Mixin DbCommand.StoreOption store;
    @Spec CommandSpec spec;

    @Option(names = "--username", required = true, description = "Whose tokens.")
    String username;

    @Override
    public Integer call() {
      try (Database db = UsersCommand.database(store)) {
        for (ApiToken t : UsersCommand.auth(db).tokens(username)) {
          spec.commandLine().getOut().printf("%s\t%s\t%s\t%s%n", t.id(), t.name(),
              t.expiresAt() == null ? "never" : Instant.ofEpochMilli(t.expiresAt()).toString(),
              t.revoked() ? "revoked" : "active");
        }
      }
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by its id.")
  static final class Revoke implements Callable<Integer> {
    @Mixin DbCommand.StoreOption store;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The token's id (from create or list).")
    String id;

    @Override
    public Integer call() {
      try (Database db = UsersCommand.database(store)) {
        UsersCommand.auth(db).revokeToken(id);
        spec.commandLine().getOut().printf("revoked %s%n", id);
      }
      return 0;
    }
  }
}
