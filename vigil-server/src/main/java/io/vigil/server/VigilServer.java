package io.vigil.server;

import io.javalin.Javalin;
import io.vigil.server.http.HttpApi;
import io.vigil.server.store.TrackingStore;
import io.vigil.server.store.jdbc.Database;
import io.vigil.server.store.jdbc.JdbcTrackingStore;
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

  private VigilServer(ServerConfig config, TrackingStore store, Javalin app, String storeDescription) {
    this.config = config;
    this.store = store;
    this.app = app;
    this.storeDescription = storeDescription;
  }

  /** Opens and migrates the store and builds the HTTP app, without listening yet. */
  public static VigilServer create(ServerConfig config) {
    config.validate();
    Clock clock = Clock.systemUTC();
    Database db = openDatabase(config);
    TrackingStore store = new JdbcTrackingStore(db, config.resolvedArtifactRoot(), clock);
    TrackingService tracking = new TrackingService(store, clock);
    return new VigilServer(config, store, HttpApi.create(tracking), db.description());
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
    store.close();
  }
}
