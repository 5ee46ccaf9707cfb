package io.vigil.server.cli;

import io.vigil.model.VigilException;
import io.vigil.server.auth.Permission;
import io.vigil.server.store.PermissionStore;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcPermissionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil permissions grant|revoke|list --experiment-id ID | --model NAME}: grants on experiments
 * and registered models, against the store directly (no server needed; a running server sees them at once).
 */
@Command(name = "permissions", mixinStandardHelpOptions = true,
    description = "Manage grants on experiments and registered models (for a server run with --auth).",
    subcommands = {PermissionsCommand.Grant.class, PermissionsCommand.Revoke.class, PermissionsCommand.ListGrants.class})
public final class PermissionsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Exactly one of an experiment or a registered model. */
  static final class Target {
    @Option(names = "--experiment-id", required = true, description = "The experiment's id.")
    String experimentId;

    @Option(names = "--model", required = true, description = "The registered model's name.")
    String model;

    /** RESOURCE_DOES_NOT_EXIST unless the experiment or model exists (a grant on nothing would wait for a namesake). */
    void requireExists(Database db) {
      if (experimentId != null) {
        long id;
        try {
          id = Long.parseLong(experimentId);
        } catch (NumberFormatException e) {
          throw VigilException.invalid("Invalid experiment id '" + experimentId + "'.");
        }
        if (!exists(db, "SELECT 1 FROM experiments WHERE experiment_id = ?", id)) {
          throw VigilException.notFound("No experiment with id " + experimentId + ".");
        }
      } else if (!exists(db, "SELECT 1 FROM registered_models WHERE name = ?", model)) {
        throw VigilException.notFound("No registered model '" + model + "'.");
      }
    }

    // A plain look-up: opening the tracking store would also create the default experiment.
    private static boolean exists(Database db, String sql, Object key) {
      return db.read(c -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setObject(1, key);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
          }
        }
      });
    }

    String describe() {
      return experimentId != null ? "experiment " + experimentId : "registered model '" + model + "'";
    }
  }

  @Command(name = "grant", mixinStandardHelpOptions = true, description = "Set a user's permission (replacing any grant).")
  static final class Grant implements Callable<Integer> {
    @Mixin DbCommand.StoreOption store;
    @Spec CommandSpec spec;
    @ArgGroup(exclusive = true, multiplicity = "1") Target target;

    @Option(names = "--username", required = true, description = "The user.")
    String username;

    @Option(names = "--permission", required = true, description = "READ, EDIT, MANAGE or NONE.")
    String permission;

    @Override
    public Integer call() {
      Permission p = Permission.parse(permission);
      try (Database db = UsersCommand.database(store)) {
        if (!UsersCommand.auth(db).userExists(username)) throw VigilException.notFound("No user '" + username + "'.");
        target.requireExists(db);
        PermissionStore grants = new JdbcPermissionStore(db);
        if (target.experimentId != null) grants.grantExperiment(target.experimentId, username, p.name());
        else grants.grantModel(target.model, username, p.name());
      }
      spec.commandLine().getOut().printf("%s: %s on %s%n", username, p, target.describe());
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Remove a user's grant (they fall back to the server's default permission).")
  static final class Revoke implements Callable<Integer> {
    @Mixin DbCommand.StoreOption store;
    @Spec CommandSpec spec;
    @ArgGroup(exclusive = true, multiplicity = "1") Target target;

    @Option(names = "--username", required = true, description = "The user.")
    String username;

    @Override
    public Integer call() {
      try (Database db = UsersCommand.database(store)) {
        PermissionStore grants = new JdbcPermissionStore(db);
        boolean removed = target.experimentId != null ? grants.revokeExperiment(target.experimentId, username)
            : grants.revokeModel(target.model, username);
        if (!removed) throw VigilException.notFound("User '" + username + "' has no grant on " + target.describe() + ".");
      }
      spec.commandLine().getOut().printf("%s: grant on %s removed%n", username, target.describe());
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the grants, one 'username<TAB>permission' a line.")
  static final class ListGrants implements Callable<Integer> {
    @Mixin DbCommand.StoreOption store;
    @Spec CommandSpec spec;
    @ArgGroup(exclusive = true, multiplicity = "1") Target target;

    @Override
    public Integer call() {
      Map<String, String> grants;
      try (Database db = UsersCommand.database(store)) {
        target.requireExists(db);
        PermissionStore store = new JdbcPermissionStore(db);
        grants = target.experimentId != null ? store.experimentPermissions(target.experimentId) : store.modelPermissions(target.model);
      }
      grants.forEach((u, p) -> spec.commandLine().getOut().printf("%s\t%s%n", u, p));
      return 0;
    }
  }
}
