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
 * queueing without limit.
 */
@Singleton
final class IngestExecutor {
  private final ThreadPoolExecutor pool;

  IngestExecutor(
      @ConfigProperty(name = "mirador.ingest.workers", defaultValue = "16") int workers,
      @ConfigProperty(name = "mirador.ingest.queue", defaultValue = "256") int queue) {
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

  @PreDestroy
  void stop() throws InterruptedException {
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.SECONDS);
  }
}
