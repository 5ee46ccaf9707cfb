package io.vigil.server.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Group commit for a database with a single writer (SQLite). Each write is queued; whichever thread
 * holds the write lock runs every queued write in one transaction, each inside its own savepoint
 * (so one request's failure rolls back only that request), commits once, and hands each caller its
 * result. Under concurrency this replaces one commit and one lock hand-off per request with one per
 * batch; a caller still gets its answer only after the commit that made its write durable.
 */
final class GroupCommitWriter {
  /** Most writes run in one transaction, to bound the latency of the first in a batch. */
  static final int MAX_BATCH = 64;

  private static final class Task<T> {
    final Database.SqlWork<T> work;
    T result;
    Throwable error;
    boolean done;

    Task(Database.SqlWork<T> work) {
      this.work = work;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Task<?>> queue = new ConcurrentLinkedQueue<>();
  private final DataSource connection;
  private final Function<SQLException, RuntimeException> databaseError;

  GroupCommitWriter(DataSource singleConnection, Function<SQLException, RuntimeException> databaseError) {
    this.connection = singleConnection;
    this.databaseError = databaseError;
  }

  <T> T write(Database.SqlWork<T> work) {
    Task<T> task = new Task<>(work);
    queue.add(task);
    lock.lock();
    try {
      while (!task.done) runBatch(); // our task is queued, so a batch always drains it eventually
    } finally {
      lock.unlock();
    }
    if (task.error instanceof RuntimeException e) throw e;
    if (task.error instanceof Error e) throw e;
    if (task.error instanceof SQLException e) throw databaseError.apply(e);
    return task.result;
  }

  /** Runs with the lock held. */
  private void runBatch() {
    List<Task<?>> batch = new ArrayList<>();
    for (Task<?> t; batch.size() < MAX_BATCH && (t = queue.poll()) != null; ) batch.add(t);
    if (batch.isEmpty()) return;
    try (Connection c = connection.getConnection()) {
      c.setAutoCommit(false);
      try {
        boolean single = batch.size() == 1;
        for (Task<?> t : batch) run(c, t, single);
        if (single && batch.get(0).error != null) {
          c.rollback();
        } else {
          c.commit();
        }
      } catch (SQLException | RuntimeException commitFailure) {
        try {
          c.rollback();
        } catch (SQLException rollbackFailure) {
          commitFailure.addSuppressed(rollbackFailure);
        }
        for (Task<?> t : batch) t.error = commitFailure;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException connectionFailure) {
      for (Task<?> t : batch) if (t.error == null) t.error = connectionFailure;
    } finally {
      for (Task<?> t : batch) t.done = true;
    }
  }

  private static <T> void run(Connection c, Task<T> t, boolean single) throws SQLException {
    if (single) { // the transaction itself is the unit: no savepoint needed
      try {
        t.result = t.work.run(c);
      } catch (RuntimeException | SQLException e) {
        t.error = e;
      }
      return;
    }
    Savepoint sp = c.setSavepoint();
    try {
      t.result = t.work.run(c);
      c.releaseSavepoint(sp);
    } catch (RuntimeException | SQLException e) {
      t.error = e;
      c.rollback(sp);
      c.releaseSavepoint(sp);
    }
  }
}
