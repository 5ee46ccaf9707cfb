package io.vigil.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A transport answering like a tracking server, recording log-batch bodies; log-batch answers are scriptable. */
final class FakeTransport implements Transport {
  interface BatchHandler {
    Response handle(JsonNode body, int call) throws IOException, InterruptedException;
  }

  final List<JsonNode> batches = new ArrayList<>();
  final List<String> paths = new ArrayList<>();
  final AtomicInteger batchCalls = new AtomicInteger();
  private final AtomicInteger runs = new AtomicInteger();
  volatile BatchHandler handler = (b, n) -> ok("{}");

  static Response ok(String json) {
    return new Response(200, null, json.getBytes(StandardCharsets.UTF_8));
  }

  static Response status(int status, String retryAfter, String json) {
    return new Response(status, retryAfter, json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Response exchange(String method, String path, byte[] body, Duration timeout) throws IOException, InterruptedException {
    synchronized (this) {
      paths.add(method + " " + path);
    }
    if (path.endsWith("runs/create")) {
      int n = runs.incrementAndGet();
      return ok("{\"run\":{\"info\":{\"run_id\":\"run" + n + "\",\"run_name\":\"r\",\"experiment_id\":\"1\",\"status\":\"RUNNING\","
          + "\"start_time\":1,\"lifecycle_stage\":\"active\"},\"data\":{}}}");
    }
    if (path.endsWith("runs/log-batch")) {
      JsonNode json = Requests.JSON.readTree(body);
      Response r = handler.handle(json, batchCalls.incrementAndGet());
      if (r.status() == 200) {
        synchronized (this) {
          batches.add(json);
        }
      }
      return r;
    }
    return ok("{}");
  }

  synchronized List<JsonNode> batches() {
    return new ArrayList<>(batches);
  }

  /** Every stored metric point, in order, as "runId key step value". */
  synchronized List<String> points() {
    List<String> out = new ArrayList<>();
    for (JsonNode b : batches) {
      for (JsonNode m : b.path("metrics")) {
        out.add(b.get("run_id").asText() + " " + m.get("key").asText() + " " + m.get("step").asLong() + " " + m.get("value").asText());
      }
    }
    return out;
  }
}
