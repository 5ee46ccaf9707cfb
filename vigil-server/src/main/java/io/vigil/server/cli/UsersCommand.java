package io.vigil.server.cli;

import io.vigil.server.VigilServer;
import io.vigil.server.auth.AuthService;
import io.vigil.server.store.UserStore.User;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcUserStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil users create|list|set-password}: users, against the store directly (no server needed). */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage users (for a server run with --auth).",
    subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class, UsersCommand.SetPassword.class})
public final class UsersCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Database database(DbCommand.StoreOption store) {
    return VigilServer.openDatabase(store.config());
  }

  static AuthService auth(Database db) {
    return new AuthService(new JdbcUserStore(db), Clock.systemUTC(), Duration.ZERO);
  }

  /**
   * A password: typed at a prompt (not echoed) when there is a terminal, else the first line of
   * standard input.
   */
  static char[] readPassword(String prompt) {
    java.io.Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("%s: ", prompt);
      char[] again = console.readPassword("%s (again): ", prompt);
      if (first == null || again == null) throw new IllegalArgumentException("no password given");
      if (!Arrays.equals(first, again)) throw new IllegalArgumentException("the passwords do not match");
      Arrays.fill(again, ' ');
      return first;
    }
    try {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) throw new IllegalArgumentException("no password on standard input");
      return line.toCharArray();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the password from standard input: " + e.getMessage());
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a user; the password is read from a prompt, or from standard input when it is not a terminal.")
  static final class Create implements Callable<Integer> {
    @Mixin DbCommand.StoreOption store;
    @Spec CommandSpec spec;

    @Option(names = "--username", required = true, description = "The user's name.")
    String username;

    @Option(names = "--admin", description = "Make the user an admin.")
    boolean admin;

    @Override
    public Integer call() {
      char[] password = readPassword("Password for " + username);
      try (Database db = database(store)) {
        User u = auth(db).createUser(username, password, admin);
        spec.commandLine().getOut().printf("created %s%s%n", u.username(), u.admin() ? " (admin)" : "");
      } finally {
        Arrays.fill(password, ' ');
      }
      return 0;
    }
  }

  @Command(name = "set-password", mixinStandardHelpOptions = true,
      description = "Change a user's password (read as for create).")
  static final class SetPassword implements Callable<Integer> {
    @Mixin DbCommand.StoreOption store;
    @Spec CommandSpec spec;

    @Option(names = "--username", required = true, description = "The user's name.")
    String username;

    @Override
    public Integer call() {
      char[] password = readPassword("New password for " + username);
      try (Database db = database(store)) {
        auth(db).setPassword(username, password);
        spec.commandLine().getOut().printf("password of %s changed%n", username);
      } finally {
        Arrays.fill(password, ' ');
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
  static final class ListUsers implements Callable<Integer> {
    @Mixin DbCommand.StoreOption store;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (Database db = database(store)) {
        for (User u : auth(db).listUsers()) {
          spec.commandLine().getOut().printf("%s%s%n", u.username(), u.admin() ? "\tadmin" : "");
        }
      }
      return 0;
    }
  }
}
