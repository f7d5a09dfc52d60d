package io.mirador.agent;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Admission control: refuses work before the heap or the latency of accepted requests is at risk.
 *
 * <ul>
 *   <li>A byte budget for requests in flight (from their headers until they are queued): HTTP
 *       reserves it at the headers from Content-Length (and grows it while a chunked body arrives),
 *       both receivers grow it to the decoded size before parsing.
 *   <li>A heap guard on the JVM's own numbers (live heap after the last collection).
 *   <li>A queueing-delay guard: when the requests handed to the workers have waited longer than
 *       {@code maxQueueWait / 2} recently, new requests are refused at their headers; a request
 *       that waited longer than {@code maxQueueWait} is refused instead of processed. The CPU, not
 *       memory, is what a flood exhausts first; without this guard accepted requests would queue
 *       for seconds (and their bodies with them).
 * </ul>
 *
 * Refusal is the sender's signal to back off (429 / RESOURCE_EXHAUSTED with a retry hint).
 */
final class MemoryLimiter {
  static final Duration DEFAULT_MAX_QUEUE_WAIT = Duration.ofMillis(250);

  private final long budget;
  private final int heapLimitPercent;
  private final long maxWaitNanos;
  private final AtomicLong inFlight = new AtomicLong();
  private final Runtime runtime = Runtime.getRuntime();
  private final List<MemoryPoolMXBean> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
          .toList();
  private volatile long heapReadAt = System.nanoTime() - 1_000_000_000L;
  private volatile int heapPercent;
  private volatile long lastWaitNanos;
  private volatile long lastWaitAt = System.nanoTime() - 1_000_000_000L;
  // Unknown backlog counts as a backlog: a long wait is then always the agent's own queue.
  private volatile IntSupplier backlog = () -> Integer.MAX_VALUE;

  MemoryLimiter(long budgetBytes, int heapLimitPercent) {
    this(budgetBytes, heapLimitPercent, DEFAULT_MAX_QUEUE_WAIT);
  }

  MemoryLimiter(long budgetBytes, int heapLimitPercent, Duration maxQueueWait) {
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("budgetBytes must be positive");
    }
    if (maxQueueWait.isNegative() || maxQueueWait.isZero()) {
      throw new IllegalArgumentException("maxQueueWait must be positive");
    }
    this.budget = budgetBytes;
    this.heapLimitPercent = heapLimitPercent;
    this.maxWaitNanos = maxQueueWait.toNanos();
  }

  /** Reserves {@code bytes}; false when over the budget or the heap is nearly full. */
  boolean tryAcquire(long bytes) {
    if (heapUsedPercent() > heapLimitPercent) {
      return false;
    }
    while (true) {
      long cur = inFlight.get();
      // One request larger than the whole budget still passes when nothing else is in flight.
      if (cur > 0 && cur + bytes > budget) {
        return false;
      }
      if (inFlight.compareAndSet(cur, cur + bytes)) {
        return true;
      }
    }
  }

  /** A reservation of {@code bytes}, or null when refused (see {@link #tryAcquire}). */
  Reservation reserve(long bytes) {
    return tryAcquire(bytes) ? new Reservation(bytes) : null;
  }

  /**
   * True when a new request would be refused anyway: checked when a request starts, before its body
   * is buffered, so that an overloaded agent does not read bodies it cannot take.
   */
  boolean saturated() {
    return inFlight.get() >= budget || heapUsedPercent() > heapLimitPercent || behind();
  }

  /** Why {@link #saturated()} holds, for the refusal's message (no data, only the limit). */
  String reason() {
    if (behind()) {
      return "agent is overloaded: requests wait "
          + lastWaitNanos / 1_000_000
          + " ms for a worker (limit "
          + maxWaitNanos / 1_000_000
          + " ms)";
    }
    return "agent is over its memory budget";
  }

  /**
   * The number of tasks waiting for a worker. A long wait with nothing queued behind is a slow host
   * (a starved CPU, a GC pause), not a backlog: refusing then would only lose throughput.
   */
  void backlog(IntSupplier queuedTasks) {
    this.backlog = java.util.Objects.requireNonNull(queuedTasks, "queuedTasks");
  }

  /**
   * Records how long a request waited between its admission and a worker taking it; false when it
   * waited longer than the limit while others queue behind it, and is to be refused rather than
   * processed.
   */
  boolean tookAfterWait(long waitedNanos) {
    lastWaitNanos = waitedNanos;
    lastWaitAt = System.nanoTime();
    return waitedNanos <= maxWaitNanos || backlog.getAsInt() == 0;
  }

  /**
   * The most recent requests waited more than half the limit (and that is recent news), and work is
   * still queued for the workers.
   */
  private boolean behind() {
    return System.nanoTime() - lastWaitAt < maxWaitNanos
        && lastWaitNanos > maxWaitNanos / 2
        && backlog.getAsInt() > 0;
  }

  long maxQueueWaitMillis() {
    return maxWaitNanos / 1_000_000;
  }

  void release(long bytes) {
    inFlight.addAndGet(-bytes);
  }

  long inFlightBytes() {
    return inFlight.get();
  }

  long budgetBytes() {
    return budget;
  }

  /**
   * Live heap as a percentage of the maximum: the heap pools' usage after their last collection
   * (the heap in use right now includes garbage and would refuse work for no reason). Read at most
   * every 20 ms.
   */
  int heapUsedPercent() {
    long now = System.nanoTime();
    if (now - heapReadAt < 20_000_000L) {
      return heapPercent;
    }
    long used = 0;
    for (MemoryPoolMXBean pool : heapPools) {
      MemoryUsage u = pool.getCollectionUsage();
      if (u != null) {
        used += u.getUsed();
      }
    }
    heapPercent = (int) (used * 100 / runtime.maxMemory());
    heapReadAt = now;
    return heapPercent;
  }

  /** Bytes held for one request; grows with what is learnt about its size, released once. */
  final class Reservation implements AutoCloseable {
    private final AtomicLong bytes;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Reservation(long bytes) {
      this.bytes = new AtomicLong(bytes);
    }

    long bytes() {
      return bytes.get();
    }

    /** Raises the reservation to {@code total} bytes; false (unchanged) when refused. */
    boolean growTo(long total) {
      long extra = total - bytes.get();
      if (extra <= 0) {
        return true;
      }
      if (closed.get() || heapUsedPercent() > heapLimitPercent) {
        return false;
      }
      long own = bytes.get();
      while (true) {
        long cur = inFlight.get();
        // Like tryAcquire: a request alone in flight may exceed the budget.
        if (cur > own && cur + extra > budget) {
          return false;
        }
        if (inFlight.compareAndSet(cur, cur + extra)) {
          bytes.addAndGet(extra);
          return true;
        }
      }
    }

    /** Releases the reservation; later calls do nothing. */
    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release(bytes.get());
      }
    }
  }
}
