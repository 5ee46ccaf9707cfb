package io.vigil.server.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.model.AliasMove;
import io.vigil.model.ModelVersion;
import io.vigil.model.VigilException;
import io.vigil.server.http.Json;
import io.vigil.server.http.mlflow.MlflowRegistryJson;
import io.vigil.server.registry.RegistryEvents;
import io.vigil.server.store.WebhookStore;
import io.vigil.server.store.WebhookStore.Attempt;
import io.vigil.server.store.WebhookStore.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers webhooks and delivers registry events to them. {@link #publish} only enqueues: delivery
 * runs on a small pool of its own threads with {@link HttpClient#sendAsync}, so a slow or dead
 * receiver never slows the API. Each event is POSTed as JSON
 * {@code {"event", "delivery_id", "timestamp", "data"}} with the headers {@code X-Vigil-Event},
 * {@code X-Vigil-Delivery}, {@code X-Vigil-Attempt} and {@code X-Vigil-Signature-256: sha256=<hex
 * HMAC-SHA256 of the body with the webhook's secret>}. A non-2xx answer, a timeout or a refused
 * connection is retried with exponential back-off ({@code baseDelay}, ×2 each time) up to
 * {@code maxAttempts}; every attempt is logged.
 */
public final class WebhookService implements RegistryEvents, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);
  public static final Set<String> EVENTS = Set.of(VERSION_CREATED, ALIAS_MOVED, GATE_PASSED, GATE_FAILED, "ping");
  /** Deliveries waiting beyond this are dropped (and logged) rather than piling up in memory. */
  static final int MAX_PENDING = 10_000;

  /** Delivery settings. */
  public record Settings(int maxAttempts, Duration baseDelay, Duration timeout) {
    public static Settings defaults() {
      return new Settings(5, Duration.ofSeconds(1), Duration.ofSeconds(10));
    }
  }

  private final WebhookStore store;
  private final Clock clock;
  private final Settings settings;
  private final HttpClient http;
  private final ScheduledThreadPoolExecutor scheduler;
  private final AtomicInteger pending = new AtomicInteger();
  private final SecureRandom random = new SecureRandom();

  public WebhookService(WebhookStore store, Clock clock, Settings settings) {
    this.store = store;
    this.clock = clock;
    this.settings = settings;
    this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "vigil-webhooks");
      t.setDaemon(true);
      return t;
    });
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.timeout()).executor(scheduler).build();
  }

  // ---- registration

  /** Registers a webhook; a null or empty secret gets a random one (returned once, in the answer). */
  public Webhook register(String url, List<String> events, String secret, String description) {
    URI uri;
    try {
      uri = URI.create(url == null ? "" : url.trim());
    } catch (IllegalArgumentException e) {
      throw VigilException.invalid("Invalid webhook url '" + url + "'.");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw VigilException.invalid("Invalid webhook url '" + url + "': expected http:// or https:// with a host.");
    }
    if (events == null || events.isEmpty()) events = List.of("*");
    for (String e : events) {
      if (!e.equals("*") && !EVENTS.contains(e)) {
        throw VigilException.invalid("Unknown event '" + e + "'; expected one of " + String.join(", ", EVENTS.stream().sorted().toList())
            + " or *.");
      }
    }
    String key = secret == null || secret.isEmpty() ? newSecret() : secret;
    return store.createWebhook(new Webhook(UUID.randomUUID().toString().replace("-", ""), uri.toString(), List.copyOf(events),
        key, description == null ? "" : description, clock.millis()));
  }

  private String newSecret() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  public List<Webhook> list() {
    return store.listWebhooks();
  }

  public void delete(String id) {
    store.deleteWebhook(id);
  }

  public List<Attempt> attempts(String id, int limit) {
    if (store.getWebhook(id).isEmpty()) throw VigilException.notFound("No webhook with id " + id + ".");
    return store.attempts(id, limit);
  }

  /** Sends a {@code ping} event to one webhook. */
  public String ping(String id) {
    Webhook w = store.getWebhook(id).orElseThrow(() -> VigilException.notFound("No webhook with id " + id + "."));
    ObjectNode data = JsonNodeFactory.instance.objectNode().put("webhook_id", id);
    return enqueue(w, "ping", data);
  }

  // ---- delivery

  @Override
  public void publish(String event, Object subject) {
    try {
      JsonNode data = data(subject);
      for (Webhook w : store.listWebhooks()) {
        if (w.wants(event)) enqueue(w, event, data);
      }
    } catch (RuntimeException e) {
      LOG.error("could not queue webhook deliveries for {}", event, e);
    }
  }

  private static JsonNode data(Object subject) {
    if (subject instanceof ModelVersion v) return MlflowRegistryJson.modelVersion(v);
    if (subject instanceof AliasMove m) return MlflowRegistryJson.aliasMove(m);
    if (subject instanceof JsonNode n) return n;
    return JsonNodeFactory.instance.objectNode();
  }

  private String enqueue(Webhook w, String event, JsonNode data) {
    String deliveryId = UUID.randomUUID().toString();
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("event", event);
    payload.put("delivery_id", deliveryId);
    payload.put("timestamp", clock.millis());
    payload.put("webhook_id", w.id());
    payload.set("data", data);
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(payload);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    if (pending.incrementAndGet() > MAX_PENDING) {
      pending.decrementAndGet();
      store.logAttempt(new Attempt(0, w.id(), deliveryId, event, 0, clock.millis(), null, false,
          "dropped: more than " + MAX_PENDING + " deliveries pending", 0));
      return deliveryId;
    }
    scheduler.execute(() -> attempt(w, event, deliveryId, body, 1));
    return deliveryId;
  }

  private void attempt(Webhook w, String event, String deliveryId, byte[] body, int attempt) {
    long started = System.nanoTime();
    long at = clock.millis();
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(w.url()))
          .timeout(settings.timeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", "vigil-webhooks/0.1")
          .header("X-Vigil-Event", event)
          .header("X-Vigil-Delivery", deliveryId)
          .header("X-Vigil-Attempt", Integer.toString(attempt))
          .header("X-Vigil-Signature-256", "sha256=" + sign(w.secret(), body))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
    } catch (RuntimeException e) {
      finish(w, event, deliveryId, body, attempt, at, started, null, "cannot build request: " + e.getMessage());
      return;
    }
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
      if (error != null) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        finish(w, event, deliveryId, body, attempt, at, started, null,
            cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
      } else {
        int status = response.statusCode();
        finish(w, event, deliveryId, body, attempt, at, started, status, status / 100 == 2 ? "" : "HTTP " + status);
      }
    });
  }

  private void finish(Webhook w, String event, String deliveryId, byte[] body, int attempt, long at, long started,
      Integer status, String error) {
    boolean ok = error.isEmpty();
    try {
      store.logAttempt(new Attempt(0, w.id(), deliveryId, event, attempt, at, status, ok, error,
          (System.nanoTime() - started) / 1_000_000));
    } catch (RuntimeException e) {
      LOG.warn("could not log webhook attempt {} of {}", attempt, deliveryId, e);
    }
    if (ok || attempt >= settings.maxAttempts() || scheduler.isShutdown()) {
      pending.decrementAndGet();
      if (!ok) LOG.warn("webhook {} gave up on {} {} after {} attempts: {}", w.url(), event, deliveryId, attempt, error);
      return;
    }
    long delay = settings.baseDelay().toMillis() << Math.min(attempt - 1, 20);
    scheduler.schedule(() -> attempt(w, event, deliveryId, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
  }

  /** Hex HMAC-SHA256 of {@code body} keyed with {@code secret}: what receivers recompute to verify. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
