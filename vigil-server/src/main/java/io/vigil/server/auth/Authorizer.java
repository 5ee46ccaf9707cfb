package io.vigil.server.auth;

import io.javalin.http.Context;
import io.vigil.model.ErrorCode;
import io.vigil.model.VigilException;
import io.vigil.server.http.Caller;
import io.vigil.server.store.PermissionStore;
import io.vigil.server.store.ReadableBy;
import io.vigil.server.store.RegistryStore;
import io.vigil.server.tracking.TrackingService;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides what an authenticated caller may do on an experiment (and its runs and
 * artifacts) and on a registered model (and its versions and monitor). Admins may do everything;
 * another user has their explicit grant, else the server's default permission. With authentication
 * off (no caller on the request) every check passes.
 */
public final class Authorizer {
  private final PermissionStore permissions;
  private final Permission defaultPermission;
  private final TrackingService tracking;
  private final RegistryStore models;

  public Authorizer(PermissionStore permissions, Permission defaultPermission, TrackingService tracking,
      RegistryStore models) {
    this.permissions = permissions;
    this.defaultPermission = defaultPermission;
    this.tracking = tracking;
    this.models = models;
  }

  /** An authorizer that allows everything (authentication off, or a test that needs no permissions). */
  public static Authorizer allowAll() {
    return new Authorizer(null, Permission.MANAGE, null, null);
  }

  private boolean enforcing(Context ctx) {
    return permissions != null && Caller.of(ctx).isPresent();
  }

  public Permission defaultPermission() {
    return defaultPermission;
  }

  private static VigilException denied(Context ctx, Permission needed, String what) {
    return new VigilException(ErrorCode.PERMISSION_DENIED, "User '" + Caller.username(ctx) + "' lacks " + needed
        + " permission on " + what + ".");
  }

  // ---- experiments, runs and their artifacts

  /** The caller's effective permission on an experiment (MANAGE for admins and with auth off). */
  public Permission experimentPermission(Context ctx, String experimentId) {
    if (!enforcing(ctx)) return Permission.MANAGE;
    Principal p = Caller.of(ctx).orElseThrow();
    if (p.admin()) return Permission.MANAGE;
    return permissions.experimentPermission(experimentId, p.username()).map(Permission::parse).orElse(defaultPermission);
  }

  /** PERMISSION_DENIED unless the caller has {@code needed} on the experiment. */
  public void requireExperiment(Context ctx, String experimentId, Permission needed) {
    if (!enforcing(ctx)) return;
    if (!experimentPermission(ctx, experimentId).allows(needed)) throw denied(ctx, needed, "experiment " + experimentId);
  }

  /** PERMISSION_DENIED unless the caller has {@code needed} on the run's experiment; RESOURCE_DOES_NOT_EXIST for an unknown run. */
  public void requireRun(Context ctx, String runId, Permission needed) {
    if (!enforcing(ctx)) return;
    requireExperiment(ctx, tracking.getRun(runId).info().experimentId(), needed);
  }

  /**
   * For a path under the proxied artifact root, laid out {@code <experiment_id>/<run_id>/artifacts/…}:
   * {@code needed} on the experiment its first segment names. Paths outside any existing experiment
   * (the root itself, or folders of other layouts) are for admins only, so nothing unowned is reachable.
   */
  public void requireArtifactPath(Context ctx, String path, Permission needed) {
    if (!enforcing(ctx)) return;
    String first = path == null ? "" : path.replaceAll("^/+", "");
    int slash = first.indexOf('/');
    if (slash >= 0) first = first.substring(0, slash);
    if (first.matches("[0-9]{1,18}") && tracking.store().getExperiment(first).isPresent()) {
      requireExperiment(ctx, first, needed);
    } else {
      requireAdmin(ctx);
    }
  }

  /** PERMISSION_DENIED unless the caller is an admin (with auth on). */
  public void requireAdmin(Context ctx) {
    requireAdmin(ctx, "do this");
  }

  /** As above, saying what only an admin may do ("Only an admin may {@code what}."). */
  public void requireAdmin(Context ctx, String what) {
    if (!enforcing(ctx)) return;
    if (!Caller.of(ctx).orElseThrow().admin()) throw new VigilException(ErrorCode.PERMISSION_DENIED, "Only an admin may " + what + ".");
  }

  /** The search restriction for the caller, or null when they may read everything (experiments and models alike). */
  public ReadableBy readableBy(Context ctx) {
    if (!enforcing(ctx)) return null;
    Principal p = Caller.of(ctx).orElseThrow();
    if (p.admin()) return null;
    return new ReadableBy(p.username(), defaultPermission.allows(Permission.READ));
  }

  /** Records the creator of a new experiment as its manager (with auth on). */
  public void experimentCreated(Context ctx, String experimentId) {
    if (!enforcing(ctx)) return;
    permissions.grantExperiment(experimentId, Caller.username(ctx), Permission.MANAGE.name());
  }

  // ---- registered models, their versions and monitors

  /** The caller's effective permission on a registered model (MANAGE for admins and with auth off). */
  public Permission modelPermission(Context ctx, String name) {
    if (!enforcing(ctx)) return Permission.MANAGE;
    Principal p = Caller.of(ctx).orElseThrow();
    if (p.admin()) return Permission.MANAGE;
    return permissions.modelPermission(name, p.username()).map(Permission::parse).orElse(defaultPermission);
  }

  /** PERMISSION_DENIED unless the caller has {@code needed} on the registered model. */
  public void requireModel(Context ctx, String name, Permission needed) {
    if (!enforcing(ctx)) return;
    if (!modelPermission(ctx, name).allows(needed)) throw denied(ctx, needed, "registered model '" + name + "'");
  }

  /** Records the creator of a new registered model as its manager (with auth on). */
  public void modelCreated(Context ctx, String name) {
    if (!enforcing(ctx)) return;
    permissions.grantModel(name, Caller.username(ctx), Permission.MANAGE.name());
  }

  /**
   * A monitor belongs to the registered model of the same name: {@code needed} on that model. A
   * monitor without such a model may be read with the default permission, but only admins change it
   * (register the model to hand a monitor to its team).
   */
  public void requireMonitor(Context ctx, String model, Permission needed) {
    if (!enforcing(ctx)) return;
    if (models.getRegisteredModel(model).isPresent()) {
      requireModel(ctx, model, needed);
    } else if (needed != Permission.READ || !modelPermission(ctx, model).allows(Permission.READ)) {
      if (!Caller.of(ctx).orElseThrow().admin()) {
        throw new VigilException(ErrorCode.PERMISSION_DENIED, "The monitor '" + model + "' has no registered model of"
            + " that name, so only an admin may " + (needed == Permission.READ ? "read" : "change") + " it.");
      }
    }
  }

  /** Whether the caller may read the monitor of {@code model} (for filtering the monitor list). */
  public boolean canReadMonitor(Context ctx, String model) {
    if (!enforcing(ctx)) return true;
    return modelPermission(ctx, model).allows(Permission.READ);
  }

  // ---- grants

  public void grant(String experimentId, String username, Permission permission) {
    permissions.grantExperiment(experimentId, username, permission.name());
  }

  public boolean revoke(String experimentId, String username) {
    return permissions.revokeExperiment(experimentId, username);
  }

  public Map<String, String> grants(String experimentId) {
    return permissions.experimentPermissions(experimentId);
  }

  public void grantModel(String name, String username, Permission permission) {
    permissions.grantModel(name, username, permission.name());
  }

  public boolean revokeModel(String name, String username) {
    return permissions.revokeModel(name, username);
  }

  public Map<String, String> modelGrants(String name) {
    return permissions.modelPermissions(name);
  }

  public Optional<PermissionStore> store() {
    return Optional.ofNullable(permissions);
  }
}
