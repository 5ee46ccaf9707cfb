package io.vigil.server.http;

import io.vigil.server.ServerLimits;
import io.vigil.server.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;

/**
 * What {@link HttpApi} applies against abuse: a rate limit per caller (null when off), a slow-down of
 * repeated failed logins per client address (null without authentication), the audit log (null when
 * off), and Jetty's limits on request headers and idle connections.
 */
public record RequestGuards(RateLimiter rateLimiter, RateLimiter failedLogins, AuditLog audit, int maxHeaderBytes,
    Duration idleTimeout) {
  /** Failed logins an address may make at once, and how many more per minute after that. */
  public static final int FAILED_LOGINS_PER_MINUTE = 10;

  /** No rate limit, no login slow-down, no audit log; Jetty limits at their defaults. */
  public static RequestGuards none() {
    return new RequestGuards(null, null, null, ServerLimits.DEFAULT_MAX_HEADER_BYTES, ServerLimits.DEFAULT_IDLE_TIMEOUT);
  }

  /** The bucket of failed logins per client address: {@value #FAILED_LOGINS_PER_MINUTE} at once, then as many a minute. */
  public static RateLimiter failedLoginLimiter(Clock clock) {
    return new RateLimiter(FAILED_LOGINS_PER_MINUTE / 60.0, FAILED_LOGINS_PER_MINUTE, clock);
  }
}
