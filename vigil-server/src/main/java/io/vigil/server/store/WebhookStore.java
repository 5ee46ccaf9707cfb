package io.vigil.server.store;

import java.util.List;
import java.util.Optional;

/** Registered webhooks and the log of their delivery attempts. */
public interface WebhookStore {

  /** A registered webhook; {@code events} holds event names or {@code *}. */
  record Webhook(String id, String url, List<String> events, String secret, String description, long createdAt) {
    public boolean wants(String event) {
      return events.contains("*") || events.contains(event);
    }
  }

  /**
   * One delivery attempt.
   *
   * @param statusCode the receiver's HTTP status, or null when none arrived
   * @param error why the attempt failed ("" on success)
   */
  record Attempt(long id, String webhookId, String deliveryId, String event, int attempt, long attemptedAt,
      Integer statusCode, boolean success, String error, long durationMs) {}

  Webhook createWebhook(Webhook webhook);

  List<Webhook> listWebhooks();

  Optional<Webhook> getWebhook(String id);

  /** RESOURCE_DOES_NOT_EXIST when unknown; its delivery log goes too. */
  void deleteWebhook(String id);

  void logAttempt(Attempt attempt);

  /** The newest {@code limit} attempts of a webhook, newest first. */
  List<Attempt> attempts(String webhookId, int limit);
}
