package io.vigil.server.http;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets by key (an API token, a user, or a client address): each holds up to {@code burst}
 * tokens, refilled at {@code perSecond}; a request takes one. Memory is bounded: a bucket left idle
 * long enough to be full again is the same as a new one, so it is dropped (swept at most once a
 * second); and at most {@code maxKeys} buckets exist at once, beyond which new keys are not limited
 * (the limit is a guard against runaway clients, not the only defence).
 */
public final class RateLimiter {
  /** Buckets kept at most; about 100 bytes each. */
  static final int DEFAULT_MAX_KEYS = 100_000;

  private final double perMilli;
  private final int burst;
  private final Clock clock;
  private final int maxKeys;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep = new AtomicLong();

  /** Tokens left and when they were last counted; guarded by its own monitor. */
  private static final class Bucket {
    double tokens;
    long updatedMillis;

    Bucket(double tokens, long updatedMillis) {
      this.tokens = tokens;
      this.updatedMillis = updatedMillis;
    }
  }

  public RateLimiter(double perSecond, int burst, Clock clock) {
    this(perSecond, burst, clock, DEFAULT_MAX_KEYS);
  }

  RateLimiter(double perSecond, int burst, Clock clock, int maxKeys) {
    if (!(perSecond > 0) || burst < 1) throw new IllegalArgumentException("need a positive rate and burst");
    this.perMilli = perSecond / 1000.0;
    this.burst = burst;
    this.clock = clock;
    this.maxKeys = maxKeys;
  }

  /**
   * Takes a token from {@code key}'s bucket: 0 when there was one, else the milliseconds until there
   * will be (nothing is taken then).
   */
  public long acquire(String key) {
    long now = clock.millis();
    sweepIfDue(now);
    Bucket b = buckets.get(key);
    if (b == null) {
      if (buckets.size() >= maxKeys) return 0;
      b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    }
    synchronized (b) {
      refill(b, now);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / perMilli));
    }
  }

  /** Milliseconds until {@code key} has a token, without taking one: 0 when it has one now. */
  public long waitMillis(String key) {
    Bucket b = buckets.get(key);
    if (b == null) return 0;
    synchronized (b) {
      refill(b, clock.millis());
      return b.tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - b.tokens) / perMilli));
    }
  }

  /** Whole seconds to wait, as Retry-After says it: {@code millis} rounded up, at least 1. */
  public static long retryAfterSeconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }

  /** How many buckets are held (tests). */
  int size() {
    return buckets.size();
  }

  private void refill(Bucket b, long now) {
    if (now > b.updatedMillis) {
      b.tokens = Math.min(burst, b.tokens + (now - b.updatedMillis) * perMilli);
      b.updatedMillis = now;
    }
  }

  private void sweepIfDue(long now) {
    long last = lastSweep.get();
    if (now - last < 1000 || !lastSweep.compareAndSet(last, now)) return;
    buckets.values().removeIf(b -> {
      synchronized (b) {
        refill(b, now);
        return b.tokens >= burst;
      }
    });
  }
}
