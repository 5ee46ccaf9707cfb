package io.vigil.server;

import io.javalin.Javalin;
import io.vigil.server.artifacts.LocalArtifactRepository;
import io.vigil.server.http.HttpApi;
import io.vigil.server.http.mlflow.MlflowArtifactRoutes;
import java.nio.file.Path;
import io.vigil.server.store.TrackingStore;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcRegistryStore;
import io.vigil.server.store.jdbc.JdbcWebhookStore;
import io.vigil.server.webhooks.WebhookService;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
import io.vigil.server.registry.RegistryService;
import io.vigil.server.tracking.TrackingService;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: configuration → database → store → services → HTTP. */
public final class VigilServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VigilServer.class);

  private final ServerConfig config;
  private final TrackingStore store;
  private final Javalin app;
  private final String storeDescription;
  private final WebhookService webhooks;

  private VigilServer(ServerConfig config, TrackingStore store, Javalin app, String storeDescription, WebhookService webhooks) {
    this.config = config;
    this.store = store;
    this.app = app;
    this.storeDescription = storeDescription;
    this.webhooks = webhooks;
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

  /** Opens and migrates the store and builds the HTTP app, without listening yet. */
  public static VigilServer create(ServerConfig config) {
    config.validate();
    Clock clock = Clock.systemUTC();
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
    return new VigilServer(config, store, HttpApi.create(tracking, registry, artifacts, webhooks), db.description(), webhooks);
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
    LOG.info("Vigil {} listening on http://{}:{} (store: {})", HttpApi.VERSION, config.host(), port(), storeDescription);
    return this;
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
    app.stop();
    webhooks.close();
    store.close();
  }
}
