package io.vigil.server;

import io.vigil.server.monitor.MonitorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes monitoring single-owner among servers sharing a database: only the server that holds the
 * ownership lock keeps monitoring state, ticks and serves monitor routes; the others refuse them
 * (503) and check again, and take over with state rebuilt from the event log when the lock frees.
 */
final class MonitoringOwnership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MonitoringOwnership.class);

  private final MonitorService monitors;
  /** Whether this server holds the lock now (takes it when free); may block on the database. */
  private final BooleanSupplier lock;
  private final AutoCloseable release;
  private final String lockName;
  private boolean owner;

  MonitoringOwnership(MonitorService monitors, BooleanSupplier lock, AutoCloseable release, String lockName) {
    this.monitors = monitors;
    this.lock = lock;
    this.release = release;
    this.lockName = lockName;
  }

  /** Ownership that is never contested (a SQLite file has a single server). */
  static MonitoringOwnership always(MonitorService monitors) {
    return new MonitoringOwnership(monitors, () -> true, () -> { }, null);
  }

  /**
   * Checks the lock, takes it if free, and loads or drops monitoring state when ownership changes.
   * Answers whether this server owns monitoring now.
   */
  synchronized boolean refresh() {
    boolean holds = lock.getAsBoolean();
    if (holds && !owner) {
      try {
        monitors.activate();
        owner = true;
        if (lockName != null) LOG.info("this server now owns monitoring ({}): state loaded from the event log", lockName);
      } catch (RuntimeException e) {
        LOG.error("loading monitoring state failed; will retry", e); // keeps the lock: the next refresh loads again
      }
    } else if (!holds && owner) {
      monitors.deactivate(MonitorService.ELSEWHERE);
      owner = false;
      LOG.warn("this server lost monitoring ownership ({}): it stopped monitoring and will try to take it again",
          lockName);
    }
    return owner;
  }

  /** Releases the lock (another server may take over). */
  @Override
  public synchronized void close() {
    try {
      release.close();
      if (owner && lockName != null) LOG.info("this server released monitoring ownership ({})", lockName);
      owner = false;
    } catch (Exception e) {
      LOG.warn("releasing monitoring ownership failed", e);
    }
  }
}
