package io.vigil.server;

import io.javalin.Javalin;
import io.vigil.server.artifacts.LocalArtifactRepository;
import io.vigil.server.auth.AuthService;
import io.vigil.server.auth.Authorizer;
import io.vigil.server.audit.AuditLog;
import io.vigil.server.http.HttpApi;
import io.vigil.server.http.RateLimiter;
import io.vigil.server.http.RequestGuards;
import io.vigil.server.http.mlflow.MlflowArtifactRoutes;
import io.vigil.server.monitor.MonitorService;
import io.vigil.server.monitor.Notifier;
import io.vigil.server.registry.RegistryService;
import io.vigil.server.store.MonitorStore;
import io.vigil.server.store.TrackingStore;
import io.vigil.server.store.jdbc.AdvisoryLock;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcAuditStore;
import io.vigil.server.store.jdbc.JdbcMonitorStore;
import io.vigil.server.store.jdbc.JdbcPermissionStore;
import io.vigil.server.store.jdbc.JdbcRegistryStore;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
import io.vigil.server.store.jdbc.JdbcUserStore;
import io.vigil.server.store.jdbc.JdbcWebhookStore;
import io.vigil.server.tracking.TrackingService;
import io.vigil.server.webhooks.WebhookService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: configuration → database → stores → services → HTTP. */
public final class VigilServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VigilServer.class);
  /** How often the monitoring scheduler writes windows, computes drift and evaluates alerts. */
  static final long MONITOR_TICK_SECONDS = 10;
  /** Advisory-lock key of monitoring ownership on PostgreSQL: "vigilmon" in ASCII. */
  static final long MONITORING_LOCK_KEY = 0x766967696C6D6F6EL;
  /** What a server with {@code --monitoring off} answers on monitor routes. */
  static final String MONITORING_OFF = "Monitoring runs on another Vigil server: this one was started with"
      + " --monitoring off.";

  /**
   * How often a server that does not own monitoring tries to take it over (milliseconds): 5 s, or the
   * system property {@code vigil.monitoring.ownerRetryMillis} (tests).
   */
  static long ownerRetryMillis() {
    return Long.getLong("vigil.monitoring.ownerRetryMillis", 5000);
  }

  private final ServerConfig config;
  private final TrackingStore store;
  private final MonitorStore monitorStore;
  private final MonitorService monitors;
  private final WebhookService webhooks;
  private final AuditLog audit;
  private final Javalin app;
  private final String storeDescription;
  private final boolean scheduleMonitoring;
  /** Null with --monitoring off. */
  private final MonitoringOwnership ownership;
  private ScheduledExecutorService scheduler;

  private VigilServer(ServerConfig config, TrackingStore store, MonitorStore monitorStore, MonitorService monitors,
      MonitoringOwnership ownership, WebhookService webhooks, AuditLog audit, Javalin app, String storeDescription,
      boolean scheduleMonitoring) {
    this.ownership = ownership;
    this.config = config;
    this.store = store;
    this.monitorStore = monitorStore;
    this.monitors = monitors;
    this.webhooks = webhooks;
    this.audit = audit;
    this.app = app;
    this.storeDescription = storeDescription;
    this.scheduleMonitoring = scheduleMonitoring;
  }

  /**
   * Webhook delivery settings: the defaults (5 attempts, 1 s back-off doubling, 10 s timeout), with the
   * back-off's base overridable by the system property {@code vigil.webhooks.retryBaseMillis} (tests).
   */
  static WebhookService.Settings webhookSettings() {
    WebhookService.Settings d = WebhookService.Settings.defaults();
    long base = Long.getLong("vigil.webhooks.retryBaseMillis", d.baseDelay().toMillis());
    return new WebhookService.Settings(d.maxAttempts(), java.time.Duration.ofMillis(base), d.timeout());
  }

  /** Opens and migrates the store and builds the HTTP app, without listening yet; monitoring ticks on a scheduler. */
  public static VigilServer create(ServerConfig config) {
    return create(config, Clock.systemUTC(), true);
  }

  /**
   * As {@link #create(ServerConfig)} with a given clock and no monitoring scheduler: the caller
   * drives {@link MonitorService#tick()} (tests control time this way). On PostgreSQL, monitoring
   * ownership is tried once, at creation, and not again.
   */
  public static VigilServer create(ServerConfig config, Clock clock) {
    return create(config, clock, false);
  }

  private static VigilServer create(ServerConfig config, Clock clock, boolean scheduleMonitoring) {
    config.validate();
    Database db = openDatabase(config);
    // A local artifact root is served by the artifact proxy, and new experiments get mlflow-artifacts:/<id>
    // locations, as MLflow's server does with --serve-artifacts, so MLflow clients upload through HTTP.
    // Experiments that already exist, or are created with an explicit artifact_location, keep theirs.
    String root = config.resolvedArtifactRoot();
    boolean localRoot = !root.contains(":/");
    LocalArtifactRepository artifacts = localRoot ? new LocalArtifactRepository(Path.of(root)) : null;
    TrackingStore store = new JdbcTrackingStore(db, localRoot ? MlflowArtifactRoutes.SCHEME : root, clock);
    TrackingService tracking = new TrackingService(store, clock);
    WebhookService webhooks = new WebhookService(new JdbcWebhookStore(db), clock, webhookSettings());
    RegistryService registry = new RegistryService(new JdbcRegistryStore(db, clock), store, webhooks);
    MonitorStore monitorStore = new JdbcMonitorStore(db, clock);
    MonitorService monitors = new MonitorService(monitorStore, clock, new Notifier(monitorStore, clock), false);
    MonitoringOwnership ownership = ownership(config, monitors);
    if (ownership == null) monitors.deactivate(MONITORING_OFF);
    else ownership.refresh(); // the first server to start owns monitoring at once
    AuthService auth = config.auth() ? authService(db, clock) : null;
    if (!config.auth() && !ServerConfig.isLoopback(config.host())) {
      LOG.warn("authentication is OFF on non-loopback address {} (--insecure-no-auth)", config.host());
    }
    Authorizer authz = auth == null ? Authorizer.allowAll()
        : new Authorizer(new JdbcPermissionStore(db), config.defaultPermission(), tracking, registry.store());
    RequestGuards guards = guards(config, db, clock, auth != null);
    Javalin app = HttpApi.create(tracking, registry, artifacts, webhooks, monitors, auth, authz, guards);
    return new VigilServer(config, store, monitorStore, monitors, ownership, webhooks, guards.audit(), app,
        db.description(), scheduleMonitoring);
  }

  /**
   * Who may run monitoring: nobody here with --monitoring off; the single server of a SQLite file;
   * on PostgreSQL, the server holding the monitoring advisory lock on a connection of its own.
   */
  private static MonitoringOwnership ownership(ServerConfig config, MonitorService monitors) {
    if (!config.monitoring()) return null;
    if (!config.isPostgres()) return MonitoringOwnership.always(monitors);
    ServerConfig.PostgresTarget pg = config.postgres();
    AdvisoryLock lock = new AdvisoryLock(pg.jdbcUrl(), pg.user(), pg.password(), MONITORING_LOCK_KEY);
    return new MonitoringOwnership(monitors, lock::hold, lock, "PostgreSQL advisory lock " + MONITORING_LOCK_KEY);
  }

  /**
   * Authentication on the store's users and tokens; creates the first admin from VIGIL_ADMIN_USERNAME
   * and VIGIL_ADMIN_PASSWORD when no user exists. The delay before a failed login is answered can be
   * lowered with the system property {@code vigil.auth.failureDelayMillis} (tests).
   */
  static AuthService authService(Database db, Clock clock) {
    long delay = Long.getLong("vigil.auth.failureDelayMillis", AuthService.DEFAULT_FAILURE_DELAY.toMillis());
    AuthService auth = new AuthService(new JdbcUserStore(db), clock, java.time.Duration.ofMillis(delay));
    auth.bootstrapAdmin(System.getenv());
    if (!auth.hasUsers()) {
      LOG.warn("authentication is on but no user exists: create one with `vigil users create --username NAME --admin`"
          + " or set VIGIL_ADMIN_USERNAME and VIGIL_ADMIN_PASSWORD");
    }
    return auth;
  }

  /** The rate limit, failed-login slow-down, audit log (started) and Jetty limits that {@code config} asks for. */
  static RequestGuards guards(ServerConfig config, Database db, Clock clock, boolean auth) {
    ServerLimits limits = config.limits();
    ServerLimits.RateLimit rate = limits.effectiveRateLimit(auth);
    RateLimiter limiter = rate == null ? null : new RateLimiter(rate.perSecond(), rate.burst(), clock);
    AuditLog audit = limits.auditOn(auth) ? new AuditLog(new JdbcAuditStore(db), clock, limits.auditRetentionDays()).start() : null;
    return new RequestGuards(limiter, auth ? RequestGuards.failedLoginLimiter(clock) : null, audit,
        limits.maxHeaderBytes(), limits.idleTimeout());
  }

  /** Opens and migrates the database the store URI names (SQLite file or PostgreSQL server). */
  public static Database openDatabase(ServerConfig config) {
    return openDatabase(config, true);
  }

  /** As {@link #openDatabase(ServerConfig)}; {@code migrate = false} leaves the schema as it is. */
  public static Database openDatabase(ServerConfig config, boolean migrate) {
    if (config.isPostgres()) {
      ServerConfig.PostgresTarget pg = config.postgres();
      return Database.openPostgres(pg.jdbcUrl(), pg.user(), pg.password(), migrate);
    }
    return Database.openSqlite(config.sqlitePath(), migrate);
  }

  public VigilServer start() {
    app.start(config.host(), config.port());
    if (scheduleMonitoring && ownership != null) {
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-monitor-tick");
        t.setDaemon(true);
        return t;
      });
      // One thread: taking over (which loads state) and ticking never overlap.
      scheduler.scheduleWithFixedDelay(this::tickSafely, MONITOR_TICK_SECONDS, MONITOR_TICK_SECONDS, TimeUnit.SECONDS);
      long retry = ownerRetryMillis();
      scheduler.scheduleWithFixedDelay(this::refreshOwnership, retry, retry, TimeUnit.MILLISECONDS);
    }
    ServerLimits.RateLimit rate = config.limits().effectiveRateLimit(config.auth());
    LOG.info("Vigil {} listening on http://{}:{} (store: {}, authentication {}, rate limit {}, audit log {},"
        + " monitoring {})", HttpApi.VERSION, config.host(), port(), storeDescription, config.auth() ? "on" : "off",
        rate == null ? "off" : rate.perSecond() + "/s burst " + rate.burst(), audit != null ? "on" : "off",
        ownership == null ? "off" : monitors.active() ? "on (owner)" : "on (standby: another server owns it)");
    return this;
  }

  /** Ticks only while this server owns monitoring, confirmed (on PostgreSQL, the lock's connection checked) first. */
  private void tickSafely() {
    try {
      if (ownership.refresh()) monitors.tick();
    } catch (RuntimeException e) {
      LOG.error("monitoring tick failed", e);
    }
  }

  private void refreshOwnership() {
    try {
      ownership.refresh();
    } catch (RuntimeException e) {
      LOG.error("checking monitoring ownership failed", e);
    }
  }

  /** The monitoring service (tests call {@link MonitorService#tick()} on it). */
  public MonitorService monitors() {
    return monitors;
  }

  /** The audit log, or null when it is off (tests flush and prune it). */
  public AuditLog audit() {
    return audit;
  }

  /** Every HTTP route as {@code "METHOD path"} (for tests that cover every endpoint). */
  public java.util.List<String> routes() {
    return HttpApi.routes(app);
  }

  /** The bound port (useful when started on port 0). */
  public int port() {
    return app.port();
  }

  public String url() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + host + ":" + port();
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdown(); // periodic tasks stop; a running tick finishes before the lock is released
      try {
        if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) scheduler.shutdownNow();
      } catch (InterruptedException e) {
        scheduler.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    app.stop();
    if (ownership != null) ownership.close(); // ends the lock's session: another server takes over
    if (audit != null) audit.close(); // writes what is still queued
    webhooks.close();
    monitorStore.close();
    store.close();
  }
}
