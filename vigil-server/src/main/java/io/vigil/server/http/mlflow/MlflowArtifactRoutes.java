package io.vigil.server.http.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vigil.model.Run;
import io.vigil.model.VigilException;
import io.vigil.server.artifacts.LocalArtifactRepository;
import io.vigil.server.artifacts.LocalArtifactRepository.FileInfo;
import io.vigil.server.auth.Authorizer;
import io.vigil.server.auth.Permission;
import io.vigil.server.http.HttpRequests;
import io.vigil.server.tracking.TrackingService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * MLflow's artifact proxy ({@code /api/2.0/mlflow-artifacts/artifacts/…}: PUT upload, GET download,
 * GET list with {@code ?path=}, DELETE) on the local artifact root, and {@code GET artifacts/list} for
 * runs. Bodies are streamed to and from disk, never held in memory. Runs whose artifact URI is
 * {@code mlflow-artifacts:/X} are served from the root; runs of experiments created with an explicit
 * local artifact_location are listed from that folder.
 */
public final class MlflowArtifactRoutes {
  public static final String SCHEME = "mlflow-artifacts:";
  private static final int COPY_BUFFER = 64 * 1024;

  private final LocalArtifactRepository repo;
  private final TrackingService tracking;
  private final Authorizer authz;

  /** {@code repo} is null when the artifact root is not a local folder: the proxy then refuses. */
  public MlflowArtifactRoutes(LocalArtifactRepository repo, TrackingService tracking) {
    this(repo, tracking, Authorizer.allowAll());
  }

  /**
   * With {@code authz}: proxy paths ({@code <experiment_id>/<run_id>/artifacts/…}) need READ on their
   * experiment to download or list, EDIT to upload or delete; a run's listing needs READ on the run.
   */
  public MlflowArtifactRoutes(LocalArtifactRepository repo, TrackingService tracking, Authorizer authz) {
    this.repo = repo;
    this.tracking = tracking;
    this.authz = authz;
  }

  /** Mounts the proxy under {@code artifactsPrefix} (e.g. /api/2.0/mlflow-artifacts) and run listing under {@code mlflowPrefix}. */
  public void register(Javalin app, String artifactsPrefix, String mlflowPrefix) {
    app.put(artifactsPrefix + "/artifacts/<path>", this::upload);
    app.get(artifactsPrefix + "/artifacts/<path>", this::download);
    app.delete(artifactsPrefix + "/artifacts/<path>", this::delete);
    app.get(artifactsPrefix + "/artifacts", this::list);
    app.get(mlflowPrefix + "/artifacts/list", this::listRun);
  }

  private LocalArtifactRepository repo() {
    if (repo == null) {
      throw VigilException.invalid("This server's --default-artifact-root is not a local folder, so it does not proxy artifacts.");
    }
    return repo;
  }

  private void upload(Context ctx) throws IOException {
    authz.requireArtifactPath(ctx, ctx.pathParam("path"), Permission.EDIT);
    repo().upload(ctx.pathParam("path"), ctx.req().getInputStream());
    HttpRequests.empty(ctx);
  }

  private void download(Context ctx) throws IOException {
    authz.requireArtifactPath(ctx, ctx.pathParam("path"), Permission.READ);
    Path file = repo().file(ctx.pathParam("path"));
    long size = Files.size(file);
    var res = ctx.res();
    res.setStatus(200);
    res.setContentType("application/octet-stream");
    res.setContentLengthLong(size);
    res.setHeader("Content-Disposition", "attachment; filename=\"" + file.getFileName().toString().replace("\"", "") + "\"");
    // Straight to the socket with a fixed buffer: the file never sits in memory.
    try (var in = Files.newInputStream(file)) {
      OutputStream out = res.getOutputStream();
      byte[] buf = new byte[COPY_BUFFER];
      int n;
      while ((n = in.read(buf)) > 0) out.write(buf, 0, n);
      out.flush();
    }
  }

  private void delete(Context ctx) {
    authz.requireArtifactPath(ctx, ctx.pathParam("path"), Permission.EDIT);
    repo().delete(ctx.pathParam("path"));
    HttpRequests.empty(ctx);
  }

  private void list(Context ctx) {
    String path = ctx.queryParam("path");
    authz.requireArtifactPath(ctx, path, Permission.READ);
    // MLflow answers basenames for the proxy listing.
    HttpRequests.json(ctx, files(repo().list(path, "")));
  }

  private void listRun(Context ctx) {
    String runId = ctx.queryParam("run_id");
    if (runId == null || runId.isEmpty()) runId = ctx.queryParam("run_uuid");
    if (runId == null || runId.isEmpty()) throw VigilException.invalid("Missing value for required parameter 'run_id'.");
    authz.requireRun(ctx, runId, Permission.READ);
    Run run = tracking.getRun(runId);
    String rootUri = run.info().artifactUri();
    // A run's location inside the proxy root is checked as a proxy path too (an experiment may name another's folder).
    if (rootUri.startsWith(SCHEME)) authz.requireArtifactPath(ctx, rootUri.substring(SCHEME.length()), Permission.READ);
    String path = ctx.queryParam("path");
    String rel = path == null ? "" : path.replaceAll("^/+|/+$", "");
    LocalArtifactRepository runRepo = runRepository(rootUri, runId);
    ObjectNode o = files(runRepo.list(rel, rel.isEmpty() ? "" : rel + "/"));
    ObjectNode answer = MlflowJson.object();
    answer.put("root_uri", rootUri);
    if (o.has("files")) answer.set("files", o.get("files"));
    HttpRequests.json(ctx, answer);
  }

  /** The files of a run: under the proxy root for mlflow-artifacts: URIs, or the run's own local folder. */
  private LocalArtifactRepository runRepository(String rootUri, String runId) {
    if (rootUri.startsWith(SCHEME)) repo();
    return runRepository(repo, rootUri, runId);
  }

  /**
   * The files of a run whose artifact URI is {@code rootUri}: under {@code proxyRoot} (the server's
   * local artifact root, null when it has none) for mlflow-artifacts: URIs, or the run's own local folder.
   */
  public static LocalArtifactRepository runRepository(LocalArtifactRepository proxyRoot, String rootUri, String runId) {
    if (rootUri.startsWith(SCHEME)) {
      if (proxyRoot == null) {
        throw VigilException.invalid("This server's --default-artifact-root is not a local folder, so it does not proxy artifacts.");
      }
      String rel = rootUri.substring(SCHEME.length()).replaceAll("^/+", "");
      return new LocalArtifactRepository(proxyRoot.resolve(rel));
    }
    if (rootUri.startsWith("/")) return new LocalArtifactRepository(Path.of(rootUri));
    if (rootUri.startsWith("file:")) return new LocalArtifactRepository(Path.of(URI.create(rootUri)));
    throw VigilException.invalid("The artifacts of run " + runId + " are at " + rootUri + ", which this server does not serve.");
  }

  private static ObjectNode files(List<FileInfo> infos) {
    ObjectNode o = MlflowJson.object();
    if (!infos.isEmpty()) {
      ArrayNode a = o.putArray("files");
      for (FileInfo f : infos) {
        ObjectNode n = a.addObject().put("path", f.path()).put("is_dir", f.isDir());
        if (f.size() != null) n.put("file_size", f.size());
      }
    }
    return o;
  }
}
