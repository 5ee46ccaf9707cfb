package io.vigil.server;

import java.time.Duration;
import java.util.Locale;

/**
 * Limits against abuse and slow clients (see docs/AUTH.md, "Abuse limits").
 *
 * @param rateLimit requests per caller, or null for the default: {@link RateLimit#DEFAULT_WITH_AUTH} with
 *     {@code --auth}, off without ({@code --rate-limit}, {@code --rate-burst})
 * @param maxHeaderBytes the largest request line and headers; beyond it the answer is 431 ({@code --max-header-bytes})
 * @param idleTimeout a connection that sends nothing for this long is closed ({@code --idle-timeout-seconds})
 * @param audit whether state-changing requests are recorded in the audit log, or null for the default:
 *     on with {@code --auth}, off without ({@code --audit-log}, {@code --no-audit-log})
 * @param auditRetentionDays audit entries older than this are deleted; 0 keeps them ({@code --audit-retention-days})
 */
public record ServerLimits(RateLimit rateLimit, int maxHeaderBytes, Duration idleTimeout, Boolean audit,
    int auditRetentionDays) {

  public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_AUDIT_RETENTION_DAYS = 90;

  public static ServerLimits defaults() {
    return new ServerLimits(null, DEFAULT_MAX_HEADER_BYTES, DEFAULT_IDLE_TIMEOUT, null, DEFAULT_AUDIT_RETENTION_DAYS);
  }

  public ServerLimits {
    if (maxHeaderBytes < 1024 || maxHeaderBytes > 1024 * 1024) {
      throw new IllegalArgumentException("--max-header-bytes must be between 1024 and 1048576, got " + maxHeaderBytes);
    }
    if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("--idle-timeout-seconds must be positive");
    }
    if (auditRetentionDays < 0) {
      throw new IllegalArgumentException("--audit-retention-days must be 0 (keep) or positive, got " + auditRetentionDays);
    }
  }

  public ServerLimits withRateLimit(RateLimit r) {
    return new ServerLimits(r, maxHeaderBytes, idleTimeout, audit, auditRetentionDays);
  }

  public ServerLimits withIdleTimeout(Duration d) {
    return new ServerLimits(rateLimit, maxHeaderBytes, d, audit, auditRetentionDays);
  }

  public ServerLimits withAudit(Boolean on) {
    return new ServerLimits(rateLimit, maxHeaderBytes, idleTimeout, on, auditRetentionDays);
  }

  /**
   * Whether the audit log is on: as configured, else with {@code auth} only — without authentication
   * every entry would say "anonymous", and a local single-user server need not grow a second log.
   */
  public boolean auditOn(boolean auth) {
    return audit != null ? audit : auth;
  }

  public ServerLimits withMaxHeaderBytes(int bytes) {
    return new ServerLimits(rateLimit, bytes, idleTimeout, audit, auditRetentionDays);
  }

  /** The rate limit in force: the configured one, else the default for {@code auth}; null when off. */
  public RateLimit effectiveRateLimit(boolean auth) {
    RateLimit r = rateLimit != null ? rateLimit : auth ? RateLimit.DEFAULT_WITH_AUTH : RateLimit.OFF;
    return r.isOff() ? null : r;
  }

  /**
   * A token bucket's settings: {@code perSecond} sustained, bursts of up to {@code burst}; a rate of
   * 0 is off.
   */
  public record RateLimit(double perSecond, int burst) {
    public static final RateLimit OFF = new RateLimit(0, 0);
    /**
     * Generous: the SDK sends a few batched requests a second per run, an MLflow client logging one
     * metric per call a few hundred; this only stops a runaway loop from taking the whole server.
     */
    public static final RateLimit DEFAULT_WITH_AUTH = new RateLimit(1000, 2000);

    public RateLimit {
      if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
        throw new IllegalArgumentException("a rate limit must be a positive number of requests");
      }
      if (perSecond > 0 && burst < 1) throw new IllegalArgumentException("--rate-burst must be at least 1");
    }

    public boolean isOff() {
      return perSecond == 0;
    }

    /**
     * Parses {@code --rate-limit}: {@code N/s}, {@code N/m} (per minute), {@code N/h}, a bare {@code N}
     * (per second), or {@code off}; {@code burst} null means twice the per-second rate (at least 1).
     */
    public static RateLimit parse(String text, Integer burst) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      if (t.equals("off") || t.equals("0")) return OFF;
      int slash = t.indexOf('/');
      String number = slash < 0 ? t : t.substring(0, slash);
      String unit = slash < 0 ? "s" : t.substring(slash + 1);
      double seconds = switch (unit) {
        case "s", "sec", "second" -> 1;
        case "m", "min", "minute" -> 60;
        case "h", "hour" -> 3600;
        default -> throw new IllegalArgumentException("--rate-limit must look like 50/s, 600/m, 10000/h or off, got '"
            + text + "'");
      };
      double n;
      try {
        n = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--rate-limit must look like 50/s, 600/m, 10000/h or off, got '" + text + "'");
      }
      if (!(n > 0) || Double.isInfinite(n)) throw new IllegalArgumentException("--rate-limit must be positive, got '" + text + "'");
      double perSecond = n / seconds;
      int b = burst != null ? burst : (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(2 * perSecond)));
      return new RateLimit(perSecond, b);
    }
  }
}
