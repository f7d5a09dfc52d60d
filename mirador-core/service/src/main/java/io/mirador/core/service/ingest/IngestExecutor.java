package io.mirador.core.service.ingest;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The threads that run ingest work (open, parse, redact, store) off the gRPC event loop. Bounded in
 * threads and queue: when both are full, the caller answers "retry later" at once instead of
 * queueing without limit. Bounded in time too: a task that waited longer than {@code
 * mirador.ingest.maxQueueWaitMs} for a thread while others still queue behind it is answered "retry
 * later" instead of run, so that an overloaded core keeps the latency of what it accepts bounded
 * instead of answering after the sender's deadline (and storing what the sender then retries).
 */
@Singleton
final class IngestExecutor {
  private final ThreadPoolExecutor pool;
  private final long maxWaitNanos;

  IngestExecutor(
      @ConfigProperty(name = "mirador.ingest.workers", defaultValue = "16") int workers,
      @ConfigProperty(name = "mirador.ingest.queue", defaultValue = "256") int queue,
      @ConfigProperty(name = "mirador.ingest.maxQueueWaitMs", defaultValue = "1000")
          long maxQueueWaitMs) {
    if (maxQueueWaitMs <= 0) {
      throw new IllegalArgumentException("mirador.ingest.maxQueueWaitMs must be positive");
    }
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxQueueWaitMs);
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            workers,
            workers,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, "mirador-ingest-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  /** Runs {@code task}, or returns false when the pool and its queue are full. */
  boolean submit(Runnable task) {
    try {
      pool.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * Runs {@code task}, or {@code late} instead when it waited longer than the limit for a thread
   * with other tasks queued behind it (a long wait with an empty queue is a slow host, not a
   * backlog); returns false when the pool and its queue are full.
   */
  boolean submit(Runnable task, Runnable late) {
    long queuedAt = System.nanoTime();
    return submit(
        () -> {
          if (System.nanoTime() - queuedAt > maxWaitNanos && !pool.getQueue().isEmpty()) {
            late.run();
          } else {
            task.run();
          }
        });
  }

  @PreDestroy
  void stop() throws InterruptedException {
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.SECONDS);
  }
}
