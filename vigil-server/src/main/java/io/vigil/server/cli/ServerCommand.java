package io.vigil.server.cli;

import io.vigil.server.ServerConfig;
import io.vigil.server.ServerLimits;
import io.vigil.server.VigilServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil server}: runs the tracking server until SIGTERM or Ctrl-C. Flags as MLflow's. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Start the tracking server (MLflow-compatible REST API).")
public final class ServerCommand implements Callable<Integer> {
  @Option(names = {"-h", "--host"}, description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host = ServerConfig.DEFAULT_HOST;

  @Option(names = {"-p", "--port"}, description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port = ServerConfig.DEFAULT_PORT;

  @Option(names = "--backend-store-uri",
      description = "Store: sqlite:///relative.db, sqlite:////absolute.db or postgresql://user:password@host:port/db"
          + " (default: sqlite:///vigil-data/vigil.db).")
  String backendStoreUri = ServerConfig.defaultStoreUri();

  @Option(names = "--default-artifact-root",
      description = "Artifact location of experiments created without one (default: ./vigil-data/artifacts).")
  String defaultArtifactRoot = ServerConfig.defaultArtifactRootPath();

  @Option(names = "--auth",
      description = "Require HTTP Basic or Bearer-token authentication on every endpoint but /health and /version"
          + " (see docs/AUTH.md).")
  boolean auth;

  @Option(names = "--insecure-no-auth",
      description = "Allow listening on a non-loopback address without --auth: anyone who can reach it can change"
          + " everything.")
  boolean insecureNoAuth;

  @Option(names = "--default-permission",
      description = "With --auth: what a user may do on an experiment they have no grant on: READ, EDIT, MANAGE or NONE"
          + " (default: READ). Creators get MANAGE; admins may do everything.")
  String defaultPermission = "READ";

  @Option(names = "--rate-limit", paramLabel = "RATE",
      description = "Requests per caller (API token, else user, else client address): N/s, N/m, N/h or off"
          + " (default: " + DEFAULT_RATE_TEXT + " with --auth, off without). Over it: 429 with Retry-After.")
  String rateLimit;

  @Option(names = "--rate-burst", paramLabel = "N",
      description = "Requests a caller may make at once above the rate (default: twice the per-second rate).")
  Integer rateBurst;

  @Option(names = "--max-header-bytes", paramLabel = "BYTES",
      description = "Largest request line and headers; larger ones get 431 (default: ${DEFAULT-VALUE}).")
  int maxHeaderBytes = ServerLimits.DEFAULT_MAX_HEADER_BYTES;

  @Option(names = "--idle-timeout-seconds", paramLabel = "S",
      description = "Close a connection that sends nothing for this long, e.g. a client stalled mid-request"
          + " (default: ${DEFAULT-VALUE}).")
  long idleTimeoutSeconds = ServerLimits.DEFAULT_IDLE_TIMEOUT.toSeconds();

  @Option(names = "--audit-log", negatable = true,
      description = "Record state-changing requests in the audit log (default: on with --auth, off without;"
          + " --no-audit-log turns it off).")
  Boolean auditLog;

  @Option(names = "--audit-retention-days", paramLabel = "DAYS",
      description = "Delete audit entries older than this; 0 keeps them (default: ${DEFAULT-VALUE}).")
  int auditRetentionDays = ServerLimits.DEFAULT_AUDIT_RETENTION_DAYS;

  @Option(names = "--monitoring", paramLabel = "on|off",
      description = "Run production monitoring on this server (default: on). With several servers on one PostgreSQL"
          + " database, one of those with it on owns monitoring at a time and the others take over when it stops;"
          + " with off, monitor requests here get 503 (see docs/DEPLOYMENT.md).")
  String monitoring = "on";

  static final String DEFAULT_RATE_TEXT = "1000/s, burst 2000";

  /** The configuration these flags give. */
  public ServerConfig config() {
    ServerLimits.RateLimit rate = rateLimit == null ? null : ServerLimits.RateLimit.parse(rateLimit, rateBurst);
    if (rateLimit == null && rateBurst != null) {
      throw new IllegalArgumentException("--rate-burst needs --rate-limit");
    }
    ServerLimits limits = new ServerLimits(rate, maxHeaderBytes, java.time.Duration.ofSeconds(idleTimeoutSeconds),
        auditLog, auditRetentionDays);
    return new ServerConfig(host, port, backendStoreUri, defaultArtifactRoot, auth, insecureNoAuth,
        io.vigil.server.auth.Permission.parse(defaultPermission), limits, onOff("--monitoring", monitoring));
  }

  private static boolean onOff(String flag, String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException(flag + " must be on or off, got '" + value + "'");
    };
  }

  @Override
  public Integer call() throws Exception {
    ServerConfig config = config().validate();
    VigilServer server = VigilServer.create(config).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "vigil-shutdown"));
    stopped.await();
    return 0;
  }
}
