package io.vigil.server.store;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many store transactions ran and how long they took, by kind (read, write), for the
 * Prometheus endpoint. Write time includes the wait for SQLite's group commit, which is what a
 * request experiences. Cumulative counters: rate(seconds) / rate(count) is the mean latency.
 */
public final class TransactionTimings {
  private final LongAdder reads = new LongAdder();
  private final LongAdder readNanos = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder writeNanos = new LongAdder();
  private final LongAdder failures = new LongAdder();

  public void read(long nanos) {
    reads.increment();
    readNanos.add(nanos);
  }

  public void write(long nanos) {
    writes.increment();
    writeNanos.add(nanos);
  }

  public void failed() {
    failures.increment();
  }

  public long reads() {
    return reads.sum();
  }

  public double readSeconds() {
    return readNanos.sum() / 1e9;
  }

  public long writes() {
    return writes.sum();
  }

  public double writeSeconds() {
    return writeNanos.sum() / 1e9;
  }

  public long failures() {
    return failures.sum();
  }
}
