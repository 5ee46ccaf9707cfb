package io.vigil.client;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Exponential back-off with jitter for transient failures (connection refused or reset, timeouts,
 * HTTP 429, 502, 503, 504). Attempt {@code n} (1-based) waits a uniformly random time in
 * {@code [base/2, base]} where {@code base = min(maxBackoff, initialBackoff * multiplier^(n-1))}, or
 * the server's Retry-After when that is longer. Retrying stops once {@code maxElapsed} has passed
 * since the first attempt.
 *
 * @param initialBackoff the base delay before the first retry
 * @param maxBackoff the cap on the base delay
 * @param multiplier growth factor per attempt (at least 1)
 * @param maxElapsed total time budget for one request, retries included
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, double multiplier, Duration maxElapsed) {

  /** 100 ms doubling up to 5 s, for up to 2 minutes. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, Duration.ofMinutes(2));

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxElapsed, "maxElapsed");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff + ", " + maxBackoff);
    }
    if (!(multiplier >= 1.0)) throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
    if (maxElapsed.isNegative()) throw new IllegalArgumentException("maxElapsed must not be negative");
  }

  /** The base (jitter-free) delay in nanoseconds before retry number {@code attempt} (1-based). */
  public long baseDelayNanos(int attempt) {
    double base = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
    return (long) Math.min(maxBackoff.toNanos(), base);
  }

  /**
   * The delay in nanoseconds before retry {@code attempt}, given a random number in [0, 1) and the
   * server's Retry-After in nanoseconds (or a negative number when it sent none).
   */
  public long delayNanos(int attempt, double random01, long retryAfterNanos) {
    long base = baseDelayNanos(attempt);
    long jittered = base / 2 + (long) (random01 * (base - base / 2));
    return Math.max(jittered, retryAfterNanos);
  }

  /**
   * Parses a Retry-After header: delta-seconds or an HTTP date. Returns nanoseconds from
   * {@code nowMillis}, or -1 when the header is absent or unreadable.
   */
  public static long parseRetryAfterNanos(String header, long nowMillis) {
    if (header == null || header.isBlank()) return -1;
    String h = header.trim();
    try {
      long seconds = Long.parseLong(h);
      return seconds < 0 ? -1 : Duration.ofSeconds(Math.min(seconds, 86_400)).toNanos();
    } catch (NumberFormatException notSeconds) {
      try {
        long at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        return Math.max(0, at - nowMillis) * 1_000_000L;
      } catch (DateTimeParseException notDate) {
        return -1;
      }
    }
  }
}
