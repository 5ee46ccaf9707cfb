package io.vigil.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The buffers and the one background thread that empties them into log-batch requests.
 *
 * <p>Metric points go through a {@link MetricRing}; params and tags through a bounded queue. The
 * thread wakes when a batch's worth of points is waiting, when the flush interval passes, on
 * {@link #flush} and on {@link #close}. Requests go out one at a time in buffer order, so the points
 * of a key are never reordered; a transient failure is retried (the same body, so the server's
 * exact-duplicate rule makes the retry harmless) before anything after it is sent.
 */
final class Sender implements Runnable {
  private record Entry(int run, boolean param, String key, String value) {}

  private final ClientConfig config;
  private final Requests requests;
  private final Names names;
  private final MetricRing ring;
  private final int maxBatch;
  private final int chunk;
  private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
  private final AtomicInteger entryCount = new AtomicInteger();
  private final AtomicLong entriesEnqueued = new AtomicLong();
  private volatile long entriesDone;
  private volatile long metricsDone;
  private volatile boolean flushRequested;
  private volatile boolean closing;
  private volatile boolean abandon;
  private final LongAdder dropped = new LongAdder();
  private final Object progress = new Object();
  private final List<LogFailure> failures = new ArrayList<>();
  private volatile String[] runIds = new String[16];
  private int runCount;
  private final BatchEncoder encoder = new BatchEncoder();
  private final Thread thread;

  Sender(ClientConfig config, Requests requests, Names names) {
    this.config = config;
    this.requests = requests;
    this.names = names;
    this.ring = new MetricRing(config.bufferCapacity());
    this.maxBatch = Math.min(config.maxBatchMetrics(), ring.capacity);
    this.chunk = Math.max(maxBatch, Math.min(ring.capacity / 2 / maxBatch, 8) * maxBatch);
    this.thread = new Thread(this, "vigil-sender");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  synchronized int registerRun(String runId) {
    String[] a = runIds;
    if (runCount == a.length) a = Arrays.copyOf(a, a.length * 2);
    a[runCount] = runId;
    runIds = a;
    return runCount++;
  }

  // ---- producer side (any thread)

  void putMetric(int run, int key, double value, long step, long timestamp) {
    long seq = ring.offer(run, key, value, step, timestamp);
    if (seq >= 0) {
      if (seq % maxBatch == maxBatch - 1) LockSupport.unpark(thread);
      return;
    }
    bufferFull(run, key, value, step, timestamp);
  }

  private void bufferFull(int run, int key, double value, long step, long timestamp) {
    if (closing) throw new IllegalStateException("the Vigil client is closed");
    if (config.bufferFullPolicy() == BufferFullPolicy.DROP) {
      dropped.increment();
      return;
    }
    long deadline = System.nanoTime() + config.blockTimeout().toNanos();
    while (true) {
      LockSupport.unpark(thread);
      LockSupport.parkNanos(50_000);
      if (ring.offer(run, key, value, step, timestamp) >= 0) return;
      if (!thread.isAlive() || closing) throw new IllegalStateException("the Vigil client is closed");
      if (System.nanoTime() - deadline > 0) {
        throw new BufferFullException("The metric buffer (" + ring.capacity + " points) stayed full for "
            + config.blockTimeout().toMillis() + " ms: the tracking server " + config.trackingUri()
            + " is too slow or unreachable. Raise bufferCapacity or blockTimeout, or opt in to BufferFullPolicy.DROP.");
      }
    }
  }

  void putParam(int run, String key, String value) {
    putEntry(new Entry(run, true, key, value));
  }

  void putTag(int run, String key, String value) {
    putEntry(new Entry(run, false, key, value));
  }

  private void putEntry(Entry e) {
    if (closing) throw new IllegalStateException("the Vigil client is closed");
    long deadline = System.nanoTime() + config.blockTimeout().toNanos();
    while (entryCount.incrementAndGet() > config.entryBufferCapacity()) {
      entryCount.decrementAndGet();
      if (config.bufferFullPolicy() == BufferFullPolicy.DROP) {
        dropped.increment();
        return;
      }
      LockSupport.unpark(thread);
      LockSupport.parkNanos(100_000);
      if (System.nanoTime() - deadline > 0) {
        throw new BufferFullException("The param/tag buffer (" + config.entryBufferCapacity() + " entries) stayed full for "
            + config.blockTimeout().toMillis() + " ms: the tracking server " + config.trackingUri() + " is too slow or unreachable.");
      }
    }
    // Counted before it is queued, so a flush that reads the count waits for everything queued before it.
    entriesEnqueued.incrementAndGet();
    entries.offer(e);
    LockSupport.unpark(thread);
  }

  long dropped() {
    return dropped.sum();
  }

  long buffered() {
    return ring.size() + entryCount.get();
  }

  /** Waits until everything logged before the call was sent (or failed); then reports failures. */
  void flush(Duration timeout) {
    long target = ring.head();
    long entryTarget = entriesEnqueued.get();
    flushRequested = true;
    LockSupport.unpark(thread);
    if (Thread.currentThread() != thread) awaitProgress(target, entryTarget, timeout);
    throwFailures();
  }

  private void awaitProgress(long target, long entryTarget, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (metricsDone < target || entriesDone < entryTarget) {
        if (!thread.isAlive()) break;
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new VigilClientException("flush timed out after " + timeout.toMillis() + " ms with "
              + (target - metricsDone) + " metric points not yet sent to " + config.trackingUri());
        }
        try {
          progress.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new VigilClientException("flush interrupted", e);
        }
      }
    }
  }

  private void throwFailures() {
    List<LogFailure> copy;
    synchronized (failures) {
      if (failures.isEmpty()) return;
      copy = new ArrayList<>(failures);
      failures.clear();
    }
    throw new LoggingFailedException(copy);
  }

  /** Sends what is buffered within {@code timeout}, then stops the thread; reports failures. */
  void close(Duration timeout) {
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(Math.max(1, timeout.toMillis()));
      if (thread.isAlive()) {
        abandon = true;
        LockSupport.unpark(thread);
        thread.join(10_000);
      }
    } catch (InterruptedException e) {
      abandon = true;
      Thread.currentThread().interrupt();
    }
    throwFailures();
  }

  boolean closing() {
    return closing;
  }

  // ---- the sender thread

  @Override
  public void run() {
    long interval = config.flushInterval().toNanos();
    long nextFlush = System.nanoTime() + interval;
    while (true) {
      boolean stop = closing;
      long now = System.nanoTime();
      long available = ring.head() - ring.tail();
      if (flushRequested || stop || now - nextFlush >= 0) {
        flushRequested = false;
        long target = ring.head();
        sendEntries(entriesEnqueued.get());
        drainMetrics(target);
        nextFlush = System.nanoTime() + interval;
        signal();
        if (stop && ring.head() == ring.tail() && entriesEnqueued.get() == entriesDone) return;
      } else if (available >= maxBatch) {
        drainMetrics(ring.tail() + available / maxBatch * maxBatch);
        signal();
      } else {
        LockSupport.parkNanos(this, nextFlush - now);
      }
    }
  }

  private void signal() {
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  private static final class SeqList {
    long[] seqs = new long[64];
    int size;

    void add(long s) {
      if (size == seqs.length) seqs = Arrays.copyOf(seqs, size * 2);
      seqs[size++] = s;
    }
  }

  private void drainMetrics(long target) {
    long seq = ring.tail();
    Map<Integer, SeqList> byRun = new LinkedHashMap<>();
    while (seq < target) {
      long end = Math.min(target, seq + chunk);
      for (long s = seq; s < end; s++) {
        ring.awaitPublished(s);
        int run = ring.run(s);
        SeqList l = byRun.computeIfAbsent(run, r -> new SeqList());
        l.add(s);
        if (l.size == maxBatch) {
          sendMetrics(run, l);
          l.size = 0;
        }
      }
      for (Map.Entry<Integer, SeqList> e : byRun.entrySet()) {
        if (e.getValue().size > 0) sendMetrics(e.getKey(), e.getValue());
        e.getValue().size = 0;
      }
      ring.release(end);
      metricsDone = end;
      seq = end;
    }
  }

  private void sendMetrics(int run, SeqList l) {
    String runId = runIds[run];
    try {
      encoder.begin(runId);
      encoder.beginMetrics();
      for (int i = 0; i < l.size; i++) {
        long s = l.seqs[i];
        encoder.metric(names.jsonKey(ring.key(s)), ring.value(s), ring.timestamp(s), ring.step(s));
      }
      encoder.endList();
      deliver(runId, encoder.finish(), l.size, 0);
    } catch (RuntimeException e) {
      fail(new LogFailure(runId, l.size, 0, 0, null, e.toString()));
    }
  }

  private static final class EntryBatch {
    final Map<String, String> params = new LinkedHashMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();

    /** Adds the entry, or returns false when it must go in the next request. */
    boolean add(Entry e) {
      if (params.size() + tags.size() >= ClientConfig.MAX_BATCH_ENTITIES) return false;
      if (e.param()) {
        String old = params.get(e.key());
        if (old != null) return old.equals(e.value()); // equal re-log: drop; changed value: next request reports it
        if (params.size() >= ClientConfig.MAX_BATCH_PARAMS) return false;
        params.put(e.key(), e.value());
      } else {
        if (tags.containsKey(e.key()) || tags.size() >= ClientConfig.MAX_BATCH_TAGS) return false;
        tags.put(e.key(), e.value());
      }
      return true;
    }

    boolean isEmpty() {
      return params.isEmpty() && tags.isEmpty();
    }
  }

  private void sendEntries(long target) {
    long done = entriesDone;
    if (done >= target) return;
    Map<Integer, EntryBatch> byRun = new LinkedHashMap<>();
    for (long i = done; i < target; i++) {
      Entry e;
      while ((e = entries.poll()) == null) Thread.onSpinWait(); // counted just before it was queued
      entryCount.decrementAndGet();
      EntryBatch b = byRun.computeIfAbsent(e.run(), r -> new EntryBatch());
      if (!b.add(e)) {
        sendEntryBatch(e.run(), b);
        b.params.clear();
        b.tags.clear();
        b.add(e);
      }
    }
    for (Map.Entry<Integer, EntryBatch> e : byRun.entrySet()) {
      if (!e.getValue().isEmpty()) sendEntryBatch(e.getKey(), e.getValue());
    }
    entriesDone = target;
  }

  private void sendEntryBatch(int run, EntryBatch b) {
    String runId = runIds[run];
    int n = b.params.size() + b.tags.size();
    try {
      encoder.begin(runId);
      if (!b.params.isEmpty()) {
        encoder.beginList("params");
        b.params.forEach(encoder::keyValue);
        encoder.endList();
      }
      if (!b.tags.isEmpty()) {
        encoder.beginList("tags");
        b.tags.forEach(encoder::keyValue);
        encoder.endList();
      }
      deliver(runId, encoder.finish(), 0, n);
    } catch (RuntimeException e) {
      fail(new LogFailure(runId, 0, n, 0, null, e.toString()));
    }
  }

  private void deliver(String runId, byte[] body, int metrics, int others) {
    try {
      requests.send("POST", Requests.API + "runs/log-batch", body, "log-batch for run " + runId, () -> abandon);
    } catch (VigilHttpException e) {
      fail(new LogFailure(runId, metrics, others, e.status(), e.errorCode(), e.serverMessage()));
    } catch (VigilUnavailableException e) {
      fail(new LogFailure(runId, metrics, others, e.lastStatus(), null, e.getMessage()));
    }
  }

  private void fail(LogFailure f) {
    synchronized (failures) {
      failures.add(f);
    }
    if (config.failureListener() != null) {
      try {
        config.failureListener().accept(f);
      } catch (RuntimeException ignored) {
        // a listener's bug must not stop the sender
      }
    }
  }
}
