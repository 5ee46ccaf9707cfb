package io.vigil.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vigil.server.http.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil monitor apply|ingest|alerts|silence}: define a monitor from a file, bulk-load
 * predictions and outcomes, read alert states and history, silence a rule.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = "Production monitoring on a Vigil server: define monitors, load predictions and outcomes, manage alerts.",
    subcommands = {MonitorCommand.Apply.class, MonitorCommand.Ingest.class, MonitorCommand.Alerts.class,
        MonitorCommand.Silence.class})
public final class MonitorCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** One client for the command's requests, so a bulk load reuses its keep-alive connections. */
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * Sends one request with a few retries on connection errors, 503 and 429 (waiting Retry-After when
   * given); throws with the server's message otherwise.
   */
  static JsonNode send(String base, String method, String path, String contentType, byte[] body) {
    HttpClient http = HTTP;
    // Credentials as the SDK takes them: MLFLOW_TRACKING_USERNAME/PASSWORD, VIGIL_/MLFLOW_TRACKING_TOKEN.
    String authorization = io.vigil.client.ClientConfig.builder(base).build().authorizationHeader();
    IOException last = null;
    for (int attempt = 1; attempt <= 4; attempt++) {
      try {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
            .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) req.header("Authorization", authorization);
        HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) return Json.MAPPER.readTree(r.body());
        boolean retryable = r.statusCode() == 503 || r.statusCode() == 429;
        if (!retryable || attempt == 4) {
          String msg = r.body();
          try {
            msg = Json.MAPPER.readTree(r.body()).path("message").asText(r.body());
          } catch (IOException notJson) {
            // keep the raw body
          }
          throw new IllegalArgumentException("the server at " + base + " answered HTTP " + r.statusCode() + ": " + msg);
        }
        long retryAfter = r.headers().firstValueAsLong("Retry-After").orElse(0);
        sleep(retryAfter > 0 ? Math.min(retryAfter, 60) * 1000 : 200L << attempt);
        continue;
      } catch (IOException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      sleep(200L << attempt);
    }
    throw new IllegalArgumentException("cannot reach the server at " + base + " (is it running?): " + last);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = "Create or replace a monitor from a YAML or JSON file: the body of PUT /api/vigil/monitors/{model},"
          + " plus 'model' (or --model).")
  static final class Apply implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE", description = "Monitor definition (.yaml, .yml or .json).") Path file;
    @Option(names = "--model", paramLabel = "MODEL", description = "Model name (default: the file's 'model').") String model;
    @Mixin TrackingServerOption server = new TrackingServerOption();

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such file: " + file);
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      JsonNode def;
      try {
        def = name.endsWith(".json") ? Json.MAPPER.readTree(file.toFile()) : new YAMLMapper().readTree(file.toFile());
      } catch (IOException e) {
        throw new IllegalArgumentException(file + " is not valid " + (name.endsWith(".json") ? "JSON" : "YAML") + ": "
            + e.getMessage().lines().findFirst().orElse(""));
      }
      if (def == null || !def.isObject()) throw new IllegalArgumentException(file + ": the definition must be an object");
      ObjectNode body = ((ObjectNode) def).deepCopy();
      JsonNode fileModel = body.remove("model");
      String m = model != null ? model : fileModel != null ? fileModel.asText() : null;
      if (m == null || m.isBlank()) throw new IllegalArgumentException("no model name: add 'model: NAME' to " + file + " or pass --model");
      String base = server.resolve(System.getenv());
      JsonNode r = send(base, "PUT", "/api/vigil/monitors/" + enc(m), "application/json", Json.MAPPER.writeValueAsBytes(body));
      PrintWriter out = spec.commandLine().getOut();
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r));
      out.flush();
      spec.commandLine().getErr().println("vigil: monitor '" + m + "' applied at " + base);
      return 0;
    }
  }

  @Command(name = "ingest", mixinStandardHelpOptions = true,
      description = {"Load predictions and/or outcomes from CSV or NDJSON files, in batches, with progress on stderr.",
          "CSV predictions: columns id, timestamp (epoch ms or ISO-8601), model_version, prediction, optional score;"
              + " every other column is a feature (numbers when they parse as numbers). CSV outcomes: id, label (or value),"
              + " optional timestamp. NDJSON: one event object per line, as the REST API takes them."})
  static final class Ingest implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--model", required = true, paramLabel = "MODEL") String model;
    @Option(names = "--predictions", paramLabel = "FILE", description = "Predictions (.csv or .ndjson/.jsonl).") Path predictions;
    @Option(names = "--outcomes", paramLabel = "FILE", description = "Outcomes (.csv or .ndjson/.jsonl).") Path outcomes;
    @Option(names = "--batch-size", paramLabel = "N", description = "Events per request (default: ${DEFAULT-VALUE}).") int batchSize = 1000;
    @Option(names = "--concurrency", paramLabel = "N", description = "Requests in flight (default: ${DEFAULT-VALUE}).") int concurrency = 4;
    @Mixin TrackingServerOption server = new TrackingServerOption();

    @Override
    public Integer call() throws IOException {
      if (predictions == null && outcomes == null) throw new IllegalArgumentException("give --predictions FILE and/or --outcomes FILE");
      if (batchSize < 1 || batchSize > 100_000) throw new IllegalArgumentException("--batch-size must be in 1..100000");
      if (concurrency < 1 || concurrency > 64) throw new IllegalArgumentException("--concurrency must be in 1..64");
      String base = server.resolve(System.getenv());
      if (predictions != null) load(base, predictions, "predictions");
      if (outcomes != null) load(base, outcomes, "outcomes");
      return 0;
    }

    private void load(String base, Path file, String kind) throws IOException {
      if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such file: " + file);
      String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
      List<JsonNode> events = lower.endsWith(".csv") ? csvEvents(file, kind) : ndjsonEvents(file);
      PrintWriter err = spec.commandLine().getErr();
      long start = System.nanoTime();
      int stored = 0;
      int duplicates = 0;
      int done = 0;
      // Up to --concurrency batches in flight, so building JSON here overlaps the server's work;
      // results are taken in file order, and the first failing batch stops the load.
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(concurrency, r -> {
        Thread t = new Thread(r, "vigil-ingest");
        t.setDaemon(true);
        return t;
      });
      java.util.ArrayDeque<java.util.Map.Entry<Integer, java.util.concurrent.Future<JsonNode>>> inFlight = new java.util.ArrayDeque<>();
      try {
        for (int from = 0; from < events.size() || !inFlight.isEmpty(); ) {
          if (from < events.size() && inFlight.size() < concurrency) {
            List<JsonNode> part = events.subList(from, Math.min(events.size(), from + batchSize));
            ArrayNode arr = JsonNodeFactory.instance.arrayNode();
            part.forEach(arr::add);
            byte[] body = Json.MAPPER.writeValueAsBytes(arr);
            inFlight.add(java.util.Map.entry(from, pool.submit(() ->
                send(base, "POST", "/api/vigil/monitors/" + enc(model) + "/" + kind, "application/json", body))));
            from += part.size();
            continue;
          }
          var next = inFlight.poll();
          int batchFrom = next.getKey();
          int batchTo = Math.min(events.size(), batchFrom + batchSize) - 1;
          JsonNode r;
          try {
            r = next.getValue().get();
          } catch (java.util.concurrent.ExecutionException e) {
            inFlight.forEach(f -> f.getValue().cancel(false));
            err.println();
            Throwable cause = e.getCause();
            throw new IllegalArgumentException(file + ": batch of events " + batchFrom + ".." + batchTo
                + " (event [i] is event " + batchFrom + "+i): " + cause.getMessage()
                + " (events before " + batchFrom + " are stored; loading again skips them as duplicates)");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
          }
          stored += r.path("stored").asInt();
          duplicates += r.path("duplicates").asInt();
          done = batchTo + 1;
          double secs = (System.nanoTime() - start) / 1e9;
          err.printf(Locale.ROOT, "\r%s: %d/%d events [%-30s] %.0f/s", kind, done, events.size(),
              "#".repeat((int) (30L * done / events.size())), done / Math.max(secs, 1e-9));
          err.flush();
        }
      } finally {
        pool.shutdownNow();
      }
      err.println();
      err.printf(Locale.ROOT, "vigil: %s: %d events sent, %d stored, %d duplicates%n", kind, events.size(), stored, duplicates);
      err.flush();
    }

    private static List<JsonNode> ndjsonEvents(Path file) throws IOException {
      List<JsonNode> out = new ArrayList<>();
      int lineNo = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        lineNo++;
        if (line.isBlank()) continue;
        try {
          out.add(Json.MAPPER.readTree(line));
        } catch (IOException e) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": not a JSON object");
        }
      }
      return out;
    }

    /**
     * The file's rows as events, built when a batch asks for them: the parsed table stays the only
     * copy in memory (a list of every event's JSON tree would be several times the file's size).
     */
    private static List<JsonNode> csvEvents(Path file, String kind) {
      CsvTable t = CsvTable.read(file);
      List<String> header = t.header();
      List<List<String>> cols = new ArrayList<>();
      for (String h : header) cols.add(t.strings(h));
      return new java.util.AbstractList<>() {
        @Override
        public JsonNode get(int i) {
          return csvEvent(header, cols, i, kind);
        }

        @Override
        public int size() {
          return t.rowCount();
        }
      };
    }

    private static JsonNode csvEvent(List<String> header, List<List<String>> cols, int i, String kind) {
      ObjectNode e = JsonNodeFactory.instance.objectNode();
      ObjectNode features = JsonNodeFactory.instance.objectNode();
      for (int c = 0; c < header.size(); c++) {
        String h = header.get(c);
        String v = cols.get(c).get(i);
        if (v == null || v.isEmpty()) continue;
        switch (h) {
          case "id", "model_version" -> e.put(h, v);
          case "timestamp" -> {
            if (INTEGER.matcher(v).matches()) e.put(h, Long.parseLong(v));
            else e.put(h, v);
          }
          case "prediction", "label" -> putScalar(e, h, v);
          case "value" -> putScalar(e, h, v);
          case "score", "scores" -> putScalar(e, "scores", v);
          default -> {
            if (kind.equals("predictions")) putScalar(features, h, v);
          }
        }
      }
      if (!features.isEmpty()) e.set("features", features);
      return e;
    }

    // Compiled once: String.matches compiles its pattern on every call, which dominated bulk loads.
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?\\d+");
    private static final java.util.regex.Pattern LONG = java.util.regex.Pattern.compile("-?\\d{1,18}");
    private static final java.util.regex.Pattern DECIMAL =
        java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static void putScalar(ObjectNode o, String k, String v) {
      if (LONG.matcher(v).matches()) o.put(k, Long.parseLong(v));
      else if (DECIMAL.matcher(v).matches()) o.put(k, Double.parseDouble(v));
      else o.put(k, v);
    }
  }

  private static String time(JsonNode epochMs) {
    return epochMs == null || !epochMs.canConvertToLong() ? "-" : java.time.Instant.ofEpochMilli(epochMs.longValue()).toString();
  }

  @Command(name = "alerts", mixinStandardHelpOptions = true,
      description = "Show a monitor's alert rules with their current state, and the alert history (newest first).")
  static final class Alerts implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--model", required = true, paramLabel = "MODEL") String model;
    @Option(names = "--limit", paramLabel = "N", description = "History entries to show (default: ${DEFAULT-VALUE}).") int limit = 20;
    @Option(names = "--json", description = "Print {\"model\", \"alerts\", \"history\"} as JSON.") boolean json;
    @Mixin TrackingServerOption server = new TrackingServerOption();

    @Override
    public Integer call() throws IOException {
      if (limit < 1 || limit > 10_000) throw new IllegalArgumentException("--limit must be in 1..10000");
      String base = server.resolve(System.getenv());
      String path = "/api/vigil/monitors/" + enc(model) + "/alerts";
      JsonNode alerts = send(base, "GET", path, "application/json", new byte[0]).path("alerts");
      JsonNode history = send(base, "GET", path + "/history?limit=" + limit, "application/json", new byte[0]).path("events");
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("model", model);
        o.set("alerts", alerts);
        o.set("history", history);
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
        out.flush();
        return 0;
      }
      out.printf(Locale.ROOT, "%-24s %-9s %-8s %-48s %s%n", "RULE", "STATE", "WINDOWS", "CONDITION", "SILENCED UNTIL");
      for (JsonNode a : alerts) {
        JsonNode r = a.path("rule");
        String cond = r.path("type").asText().equals("no_data") ? "no data"
            : r.path("metric").asText() + " " + r.path("op").asText() + " " + r.path("threshold").asText()
                + (r.has("baseline") ? " (relative to " + r.path("baseline").asText() + ")" : "");
        cond += " for " + r.path("for").asInt();
        out.printf(Locale.ROOT, "%-24s %-9s %-8d %-48s %s%n", r.path("name").asText(), a.path("state").asText(),
            a.path("consecutive_windows").asInt(), cond, a.has("silenced_until") ? time(a.get("silenced_until")) : "-");
      }
      out.println();
      out.println("History (newest first):");
      if (history.isEmpty()) out.println("  (none)");
      for (JsonNode e : history) {
        out.printf(Locale.ROOT, "  %s  %-24s %-9s window %s  value %s  notification %s%n", time(e.get("time")),
            e.path("alert").asText(), e.path("state").asText(), time(e.get("window_start")), e.path("value").asText(),
            e.path("notification").asText());
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "silence", mixinStandardHelpOptions = true,
      description = "Silence an alert rule's notifications for a while (its state still changes and is recorded).")
  static final class Silence implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--model", required = true, paramLabel = "MODEL") String model;
    @Option(names = "--rule", required = true, paramLabel = "RULE", description = "Alert rule name.") String rule;
    @Option(names = "--for", required = true, paramLabel = "DURATION", description = "How long, e.g. 30m, 2h, 1d.")
    String duration;
    @Mixin TrackingServerOption server = new TrackingServerOption();

    @Override
    public Integer call() throws IOException {
      String base = server.resolve(System.getenv());
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("duration", duration);
      JsonNode r = send(base, "POST", "/api/vigil/monitors/" + enc(model) + "/alerts/" + enc(rule) + "/silence",
          "application/json", Json.MAPPER.writeValueAsBytes(body));
      PrintWriter out = spec.commandLine().getOut();
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(r));
      out.flush();
      spec.commandLine().getErr().println("vigil: alert '" + rule + "' of monitor '" + model + "' silenced until "
          + time(r.get("silenced_until")));
      return 0;
    }
  }
}
