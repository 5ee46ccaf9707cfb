package io.vigil.server.store;

import java.util.Map;
import java.util.Optional;

/** Explicit grants per experiment and per registered model; permissions are stored by name. */
public interface PermissionStore {
  /** Sets (inserts or replaces) a user's permission on an experiment. */
  void grantExperiment(String experimentId, String username, String permission);

  /** Removes a user's grant; returns whether there was one. */
  boolean revokeExperiment(String experimentId, String username);

  Optional<String> experimentPermission(String experimentId, String username);

  /** Every grant on an experiment: username → permission, by username. */
  Map<String, String> experimentPermissions(String experimentId);

  /** Sets (inserts or replaces) a user's permission on a registered model. */
  void grantModel(String name, String username, String permission);

  /** Removes a user's grant on a registered model; returns whether there was one. */
  boolean revokeModel(String name, String username);

  Optional<String> modelPermission(String name, String username);

  /** Every grant on a registered model: username → permission, by username. */
  Map<String, String> modelPermissions(String name);
}
