package io.vigil.server.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.server.store.MonitorStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook delivery with retries. Each alert transition is queued once; {@link #deliverDue()} posts the
 * due ones (JSON, or a Slack-compatible {@code {"text": …}}), signed with
 * {@code X-Vigil-Signature: sha256=<hex HMAC-SHA256 of the body>} when the monitor has a secret. A
 * failed delivery is retried at the next ticks after 1, 2, 4, … minutes (by the injected clock), at
 * most {@link #MAX_ATTEMPTS} times; the outcome is recorded on the alert event.
 */
public final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  public static final int MAX_ATTEMPTS = 5;
  public static final String SIGNATURE_HEADER = "X-Vigil-Signature";

  private final MonitorStore store;
  private final Clock clock;
  private final HttpClient http;
  private final List<Pending> queue = new ArrayList<>();

  private static final class Pending {
    final long eventId;
    final MonitorDefinition.Webhook webhook;
    final byte[] body;
    int attempts;
    long dueAt;

    Pending(long eventId, MonitorDefinition.Webhook webhook, byte[] body, long dueAt) {
      this.eventId = eventId;
      this.webhook = webhook;
      this.body = body;
      this.dueAt = dueAt;
    }
  }

  public Notifier(MonitorStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  synchronized void enqueue(long eventId, MonitorDefinition.Webhook webhook, ObjectNode payload) {
    String body = payload.toString();
    if (webhook.slack()) {
      ObjectNode slack = payload.objectNode();
      slack.put("text", String.format("[%s] %s / %s: %s = %s (window starting %s)",
          payload.get("state").asText().toUpperCase(java.util.Locale.ROOT), payload.get("model").asText(),
          payload.get("alert").asText(), payload.path("rule").path("metric").asText("prediction_count"),
          payload.get("value").asText(), java.time.Instant.ofEpochMilli(payload.get("window_start").asLong())));
      body = slack.toString();
    }
    queue.add(new Pending(eventId, webhook, body.getBytes(StandardCharsets.UTF_8), clock.millis()));
  }

  /** Number of notifications waiting (queued or to be retried). */
  public synchronized int pending() {
    return queue.size();
  }

  /** Posts every due notification once. */
  public synchronized void deliverDue() {
    long now = clock.millis();
    var it = queue.iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (p.dueAt > now) continue;
      p.attempts++;
      String error = post(p);
      if (error == null) {
        store.setNotification(p.eventId, "sent");
        it.remove();
      } else if (p.attempts >= MAX_ATTEMPTS) {
        LOG.warn("giving up on notification {} to {} after {} attempts: {}", p.eventId, p.webhook.url(), p.attempts, error);
        store.setNotification(p.eventId, "failed");
        it.remove();
      } else {
        LOG.warn("notification {} to {} failed (attempt {}): {}", p.eventId, p.webhook.url(), p.attempts, error);
        store.setNotification(p.eventId, "retrying");
        p.dueAt = now + 60_000L * (1L << (p.attempts - 1));
      }
    }
  }

  private String post(Pending p) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(p.webhook.url()))
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .header("X-Vigil-Event-Id", Long.toString(p.eventId))
          .POST(HttpRequest.BodyPublishers.ofByteArray(p.body));
      if (p.webhook.secret() != null) b.header(SIGNATURE_HEADER, "sha256=" + sign(p.webhook.secret(), p.body));
      HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
    } catch (java.io.IOException | IllegalArgumentException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Hex HMAC-SHA256 of {@code body} with {@code secret}: what a receiver recomputes to verify. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
