package io.vigil.server.auth;

import io.javalin.http.Context;
import io.vigil.model.ErrorCode;
import io.vigil.model.VigilException;
import io.vigil.server.http.Caller;
import io.vigil.server.store.PermissionStore;
import io.vigil.server.store.ReadableBy;
import io.vigil.server.tracking.TrackingService;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides what an authenticated caller may do on an experiment and its runs.
 * Admins may do everything; another user has their explicit grant on the experiment, else the
 * server's default permission. With authentication off (no caller on the request) every check passes.
 */
public final class Authorizer {
  private final PermissionStore permissions;
  private final Permission defaultPermission;
  private final TrackingService tracking;

  public Authorizer(PermissionStore permissions, Permission defaultPermission, TrackingService tracking) {
    this.permissions = permissions;
    this.defaultPermission = defaultPermission;
    this.tracking = tracking;
  }

  /** An authorizer that allows everything (authentication off, or a test that needs no permissions). */
  public static Authorizer allowAll() {
    return new Authorizer(null, Permission.MANAGE, null);
  }

  private boolean enforcing(Context ctx) {
    return permissions != null && Caller.of(ctx).isPresent();
  }

  public Permission defaultPermission() {
    return defaultPermission;
  }

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
    if (!experimentPermission(ctx, experimentId).allows(needed)) {
      throw new VigilException(ErrorCode.PERMISSION_DENIED, "User '" + Caller.username(ctx) + "' lacks " + needed
          + " permission on experiment " + experimentId + ".");
    }
  }

  /** PERMISSION_DENIED unless the caller has {@code needed} on the run's experiment; RESOURCE_DOES_NOT_EXIST for an unknown run. */
  public void requireRun(Context ctx, String runId, Permission needed) {
    if (!enforcing(ctx)) return;
    requireExperiment(ctx, tracking.getRun(runId).info().experimentId(), needed);
  }

  /** PERMISSION_DENIED unless the caller is an admin (with auth on). */
  public void requireAdmin(Context ctx) {
    if (!enforcing(ctx)) return;
    if (!Caller.of(ctx).orElseThrow().admin()) throw new VigilException(ErrorCode.PERMISSION_DENIED, "Only an admin may do this.");
  }

  /** The search restriction for the caller, or null when they may read everything. */
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

  public Optional<PermissionStore> store() {
    return Optional.ofNullable(permissions);
  }
}
