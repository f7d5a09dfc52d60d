package io.mirador.core.service.ingest;

import jakarta.inject.Singleton;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many OTLP/HTTP requests the core works on at once. The HTTP receiver runs on Quarkus' worker
 * pool (200 threads, unbounded queue), which under overload lets requests wait past their senders'
 * deadlines and then stores them anyway (a client's retry of such a request is stored twice). A
 * request that cannot start within {@code mirador.ingest.maxQueueWaitMs} is answered 429 with a
 * retry hint before its body is read, as the gRPC receivers are by {@link IngestExecutor}.
 */
@Singleton
final class OtlpHttpGate {
  private final Semaphore permits;
  private final long maxWaitNanos;

  OtlpHttpGate(
      @ConfigProperty(name = "mirador.ingest.workers", defaultValue = "16") int workers,
      @ConfigProperty(name = "mirador.ingest.maxQueueWaitMs", defaultValue = "1000")
          long maxQueueWaitMs) {
    if (workers <= 0) {
      throw new IllegalArgumentException("mirador.ingest.workers must be positive");
    }
    if (maxQueueWaitMs <= 0) {
      throw new IllegalArgumentException("mirador.ingest.maxQueueWaitMs must be positive");
    }
    this.permits = new Semaphore(workers, true);
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxQueueWaitMs);
  }

  /** Takes a permit, waiting at most the limit; false when the core is busy. */
  boolean enter() {
    try {
      return permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void leave() {
    permits.release();
  }

  int available() {
    return permits.availablePermits();
  }
}
