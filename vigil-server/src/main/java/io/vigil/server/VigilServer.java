package io.vigil.server;

import io.javalin.Javalin;
import io.vigil.server.http.HttpApi;
import io.vigil.server.monitor.MonitorService;
import io.vigil.server.monitor.Notifier;
import io.vigil.server.store.MonitorStore;
import io.vigil.server.store.TrackingStore;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcMonitorStore;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
import io.vigil.server.tracking.TrackingService;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: configuration → database → store → services → HTTP. */
public final class VigilServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VigilServer.class);
  /** How often the monitoring scheduler writes windows, computes drift and evaluates alerts. */
  static final long MONITOR_TICK_SECONDS = 10;

  private final ServerConfig config;
  private final TrackingStore store;
  private final MonitorStore monitorStore;
  private final MonitorService monitors;
  private final Javalin app;
  private final String storeDescription;
  private final boolean scheduleMonitoring;
  private ScheduledExecutorService scheduler;

  private VigilServer(ServerConfig config, TrackingStore store, MonitorStore monitorStore, MonitorService monitors,
      Javalin app, String storeDescription, boolean scheduleMonitoring) {
    this.config = config;
    this.store = store;
    this.monitorStore = monitorStore;
    this.monitors = monitors;
    this.app = app;
    this.storeDescription = storeDescription;
    this.scheduleMonitoring = scheduleMonitoring;
  }

  /** Opens and migrates the store and builds the HTTP app, without listening yet; monitoring ticks on a scheduler. */
  public static VigilServer create(ServerConfig config) {
    return create(config, Clock.systemUTC(), true);
  }

  /**
   * As {@link #create(ServerConfig)} with a given clock and no monitoring scheduler: the caller
   * drives {@link MonitorService#tick()} (tests control time this way).
   */
  public static VigilServer create(ServerConfig config, Clock clock) {
    return create(config, clock, false);
  }

  private static VigilServer create(ServerConfig config, Clock clock, boolean scheduleMonitoring) {
    config.validate();
    Database db = Database.openSqlite(config.sqlitePath());
    TrackingStore store = new JdbcTrackingStore(db, config.resolvedArtifactRoot(), clock);
    TrackingService tracking = new TrackingService(store, clock);
    MonitorStore monitorStore = new JdbcMonitorStore(db, clock);
    MonitorService monitors = new MonitorService(monitorStore, clock, new Notifier(monitorStore, clock));
    return new VigilServer(config, store, monitorStore, monitors, HttpApi.create(tracking, monitors),
        db.description(), scheduleMonitoring);
  }

  public VigilServer start() {
    app.start(config.host(), config.port());
    if (scheduleMonitoring) {
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-monitor-tick");
        t.setDaemon(true);
        return t;
      });
      scheduler.scheduleWithFixedDelay(this::tickSafely, MONITOR_TICK_SECONDS, MONITOR_TICK_SECONDS, TimeUnit.SECONDS);
    }
    LOG.info("Vigil {} listening on http://{}:{} (store: {})", HttpApi.VERSION, config.host(), port(), storeDescription);
    return this;
  }

  private void tickSafely() {
    try {
      monitors.tick();
    } catch (RuntimeException e) {
      LOG.error("monitoring tick failed", e);
    }
  }

  /** The monitoring service (tests call {@link MonitorService#tick()} on it). */
  public MonitorService monitors() {
    return monitors;
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
    if (scheduler != null) scheduler.shutdownNow();
    app.stop();
    monitorStore.close();
    store.close();
  }
}
