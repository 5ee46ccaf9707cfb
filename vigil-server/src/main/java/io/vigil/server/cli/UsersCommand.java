package io.vigil.server.cli;

import io.vigil.server.VigilServer;
import io.vigil.server.auth.AuthService;
import io.vigil.server.store.UserStore.DeletedUser;
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

/**
 * {@code vigil users create|list|set-password|set-admin|delete}: users, against the store directly (no
 * server needed).
 */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage users (for a server run with --auth).",
    subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class, UsersCommand.SetPassword.class,
        UsersCommand.SetAdmin.class, UsersCommand.Delete.class})
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

  @Command(name = "set-admin", mixinStandardHelpOptions = true,
      description = "Make a user an admin (--admin true) or not (--admin false); the last admin cannot be demoted.")
  static final class SetAdmin implements Callable<Integer> {
    @Mixin DbCommand.StoreOption store;
    @Spec CommandSpec spec;

    @Option(names = "--username", required = true, description = "The user's name.")
    String username;

    // Text, not a picocli boolean, so a wrong value is a one-line error like every other.
    @Option(names = "--admin", required = true, paramLabel = "true|false", description = "Whether the user is an admin.")
    String admin;

    @Override
    public Integer call() {
      boolean makeAdmin = parseBoolean(admin);
      try (Database db = database(store)) {
        auth(db).setAdmin(username, makeAdmin);
        spec.commandLine().getOut().printf("%s is %s%n", username, makeAdmin ? "an admin" : "not an admin");
      }
      return 0;
    }

    static boolean parseBoolean(String value) {
      if ("true".equalsIgnoreCase(value)) return true;
      if ("false".equalsIgnoreCase(value)) return false;
      throw new IllegalArgumentException("--admin takes true or false, not '" + value + "'");
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a user with their API tokens and permission grants (runs they created keep their user"
          + " name); asks for confirmation unless --yes. The last admin cannot be deleted.")
  static final class Delete implements Callable<Integer> {
    @Mixin DbCommand.StoreOption store;
    @Spec CommandSpec spec;

    @Option(names = "--username", required = true, description = "The user's name.")
    String username;

    @Option(names = "--yes", description = "Delete without asking.")
    boolean yes;

    @Override
    public Integer call() {
      if (!yes) confirm();
      try (Database db = database(store)) {
        DeletedUser d = auth(db).deleteUser(username);
        spec.commandLine().getOut().printf("deleted %s (%d tokens, %d experiment grants, %d model grants)%n",
            d.username(), d.tokens(), d.experimentGrants(), d.modelGrants());
      }
      return 0;
    }

    private void confirm() {
      java.io.Console console = System.console();
      if (console == null) throw new IllegalArgumentException("not deleting '" + username + "' without --yes (no terminal to ask)");
      String answer = console.readLine("Delete user %s, their tokens and grants? [y/N] ", username);
      if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
        throw new IllegalArgumentException("not deleted");
      }
    }
  }
}
