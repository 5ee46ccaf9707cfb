package io.vigil.client;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Production monitoring for one model: {@link #logPrediction} and {@link #logOutcome} only enqueue
 * (never block, never throw on server trouble); a background thread ships batches of up to 1000
 * events to {@code POST /api/vigil/monitors/{model}/predictions|outcomes} every flush interval, with
 * the client's retry policy for transient failures. When the buffer is full, events are dropped and
 * counted ({@link #dropped()}); a batch the server rejects (400) is counted in {@link #failed()}.
 * Prediction ids make retries safe: the server stores an id once.
 *
 * <pre>
 * MonitorLogger monitor = client.monitor("churn");
 * monitor.logPrediction(requestId, "3", Map.of("age", 42, "city", "Oslo"), 1);
 * // later, when the truth is known:
 * monitor.logOutcome(requestId, 0);
 * </pre>
 */
public final class MonitorLogger implements AutoCloseable {
  static final int MAX_BATCH = 1000;

  private record Event(boolean prediction, String id, long timestamp, String version, Map<String, ?> features,
      Object value, Object scores) {}

  private final String model;
  private final String path;
  private final Requests requests;
  private final Duration flushInterval;
  private final ArrayBlockingQueue<Event> queue;
  private final AtomicLong enqueued = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Thread thread;
  private volatile boolean closing;

  MonitorLogger(String model, Requests requests, ClientConfig config) {
    this.model = model;
    this.path = "/api/vigil/monitors/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20") + "/";
    this.requests = requests;
    this.flushInterval = config.flushInterval();
    this.queue = new ArrayBlockingQueue<>(Math.max(MAX_BATCH, Math.min(config.bufferCapacity(), 1 << 20)));
    this.thread = new Thread(this::run, "vigil-monitor-" + model);
    thread.setDaemon(true);
    thread.start();
  }

  public String model() {
    return model;
  }

  /** Logs a prediction made now. */
  public void logPrediction(String id, String modelVersion, Map<String, ?> features, Object prediction) {
    logPrediction(id, System.currentTimeMillis(), modelVersion, features, prediction, null);
  }

  /**
   * Logs a prediction.
   *
   * @param features feature name → number, string or boolean (null for none)
   * @param prediction the predicted label or value (number or string)
   * @param scores a number, a double[] or a map of class → probability (null for none)
   */
  public void logPrediction(String id, long timestampMs, String modelVersion, Map<String, ?> features, Object prediction,
      Object scores) {
    offer(new Event(true, id, timestampMs, modelVersion, features, prediction, scores));
  }

  /** Logs the true label (classification) or value (regression) of a prediction, at any later time. */
  public void logOutcome(String id, Object labelOrValue) {
    offer(new Event(false, id, System.currentTimeMillis(), null, null, labelOrValue, null));
  }

  private void offer(Event e) {
    if (closing) throw new IllegalStateException("this monitor logger is closed");
    if (queue.offer(e)) {
      enqueued.incrementAndGet();
      if (queue.size() >= MAX_BATCH) LockSupport.unpark(thread);
    } else {
      dropped.incrementAndGet();
    }
  }

  /** Events dropped because the buffer was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Events in batches the server rejected, or that could not be delivered within the retry budget. */
  public long failed() {
    return failed.get();
  }

  /** Waits until every event logged before this call was sent (or failed), at most {@code timeout}. */
  public boolean flush(Duration timeout) {
    long target = enqueued.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (done.get() < target) {
      if (System.nanoTime() - deadline > 0) return false;
      LockSupport.unpark(thread);
      LockSupport.parkNanos(1_000_000L);
    }
    return true;
  }

  @Override
  public void close() {
    flush(Duration.ofSeconds(30));
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Event> batch = new ArrayList<>(MAX_BATCH);
    while (!closing || !queue.isEmpty()) {
      if (queue.size() < MAX_BATCH && !closing) LockSupport.parkNanos(flushInterval.toNanos());
      while (queue.drainTo(batch, MAX_BATCH) > 0) {
        ship(batch);
        batch.clear();
      }
    }
  }

  private void ship(List<Event> batch) {
    List<Event> preds = new ArrayList<>();
    List<Event> outs = new ArrayList<>();
    for (Event e : batch) (e.prediction() ? preds : outs).add(e);
    // Predictions first, so outcomes of the same batch join at once (the server also keeps early outcomes).
    send("predictions", preds);
    send("outcomes", outs);
  }

  private void send(String kind, List<Event> events) {
    if (events.isEmpty()) return;
    try {
      requests.send("POST", path + kind, encode(events), "log " + events.size() + " " + kind + " of model " + model,
          () -> false);
    } catch (VigilClientException e) {
      failed.addAndGet(events.size());
      System.err.println("vigil: " + e.getMessage());
    } catch (RuntimeException e) {
      failed.addAndGet(events.size());
    } finally {
      done.addAndGet(events.size());
    }
  }

  private static byte[] encode(List<Event> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 128);
    try (JsonGenerator g = Requests.JSON.getFactory().createGenerator(out)) {
      g.writeStartArray();
      for (Event e : events) {
        g.writeStartObject();
        g.writeStringField("id", e.id());
        g.writeNumberField("timestamp", e.timestamp());
        if (e.prediction()) {
          g.writeStringField("model_version", e.version());
          if (e.features() != null) {
            g.writeFieldName("features");
            Requests.JSON.writeValue(g, e.features());
          }
          g.writeFieldName("prediction");
          Requests.JSON.writeValue(g, e.value());
          if (e.scores() != null) {
            g.writeFieldName("scores");
            Requests.JSON.writeValue(g, e.scores());
          }
        } else {
          g.writeFieldName(e.value() instanceof Number && !(e.value() instanceof Integer || e.value() instanceof Long)
              ? "value" : "label");
          Requests.JSON.writeValue(g, e.value());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new VigilClientException("cannot encode monitoring events", e);
    }
    return out.toByteArray();
  }
}
