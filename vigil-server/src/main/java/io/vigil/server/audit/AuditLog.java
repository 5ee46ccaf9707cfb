package io.vigil.server.audit;

import io.vigil.server.store.AuditStore;
import io.vigil.server.store.AuditStore.Entry;
import io.vigil.server.store.Page;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records audit entries without slowing the request that caused them: {@link #record} only queues;
 * one background thread writes what has queued every 50 ms in one transaction, and deletes entries
 * past the retention once an hour. If the queue is full (the store has fallen far behind) entries are
 * dropped, counted and logged rather than blocking requests.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  static final int QUEUE_CAPACITY = 100_000;
  static final int MAX_BATCH = 5_000;
  /** How often the writer stores what has queued: busy periods make few, large transactions. */
  static final long FLUSH_EVERY_MILLIS = 50;
  static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private final AuditStore store;
  private final Clock clock;
  private final int retentionDays;
  private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  /** Held while a batch is written, so that {@link #flush()} returns only after earlier entries are stored. */
  private final ReentrantLock writing = new ReentrantLock();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;
  private volatile boolean closed;
  private long lastPruneMillis = Long.MIN_VALUE;

  /** {@code retentionDays} 0 keeps entries forever. */
  public AuditLog(AuditStore store, Clock clock, int retentionDays) {
    this.store = store;
    this.clock = clock;
    this.retentionDays = retentionDays;
    this.writer = new Thread(this::run, "vigil-audit-writer");
    writer.setDaemon(true);
  }

  public AuditLog start() {
    writer.start();
    return this;
  }

  /** Queues an entry stamped with the clock's time; never blocks. */
  public void record(String username, String method, String path, int status, String clientIp, String target) {
    Entry e = new Entry(0, clock.millis(), username, method, path, status, clientIp, target);
    if (!queue.offer(e)) {
      long n = dropped.incrementAndGet();
      if (Long.bitCount(n) == 1) LOG.warn("audit log queue full: {} entries dropped so far (is the store slow?)", n);
    }
  }

  /** Writes every entry queued so far (readers call this first, to see their own requests). */
  public void flush() {
    writing.lock();
    try {
      // Only what is queued now: under steady load the queue never empties.
      int left = queue.size();
      List<Entry> batch = new ArrayList<>(Math.min(left, MAX_BATCH));
      while (left > 0 && queue.drainTo(batch, Math.min(left, MAX_BATCH)) > 0) {
        left -= batch.size();
        write(batch);
        batch.clear();
      }
    } finally {
      writing.unlock();
    }
  }

  public Page<Entry> search(AuditStore.Query q) {
    flush();
    return store.search(q);
  }

  /** Deletes entries older than the retention now; returns how many (0 when entries are kept forever). */
  public int prune() {
    if (retentionDays == 0) return 0;
    int n = store.deleteBefore(clock.millis() - Duration.ofDays(retentionDays).toMillis());
    if (n > 0) LOG.info("audit log: deleted {} entries older than {} days", n, retentionDays);
    return n;
  }

  /** Entries dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  private void run() {
    while (!closed) {
      try {
        Thread.sleep(FLUSH_EVERY_MILLIS);
        flush();
        pruneIfDue();
      } catch (InterruptedException e) {
        return; // not expected: close() does not interrupt, so a write is never cut short
      } catch (RuntimeException e) {
        LOG.warn("audit log: pruning failed: {}", e.getMessage());
      }
    }
  }

  private void write(List<Entry> batch) {
    try {
      store.append(batch);
    } catch (RuntimeException e) {
      // The store is away (PostgreSQL restarting) or failing: these entries are lost; say how many.
      dropped.addAndGet(batch.size());
      LOG.warn("audit log: {} entries could not be written: {}", batch.size(), e.getMessage());
    }
  }

  private void pruneIfDue() {
    long now = clock.millis();
    if (lastPruneMillis != Long.MIN_VALUE && now - lastPruneMillis < PRUNE_EVERY.toMillis()) return;
    lastPruneMillis = now;
    prune();
  }

  /** Stops the writer and writes what is still queued. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
