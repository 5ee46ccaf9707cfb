package io.vigil.server.cli;

import io.vigil.server.ServerConfig;
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

  /** The configuration these flags give. */
  public ServerConfig config() {
    return new ServerConfig(host, port, backendStoreUri, defaultArtifactRoot, auth, insecureNoAuth,
        io.vigil.server.auth.Permission.parse(defaultPermission));
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
