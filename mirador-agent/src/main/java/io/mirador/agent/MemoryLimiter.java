package io.mirador.agent;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses work before the heap is at risk: a byte budget for requests in flight (received, not yet
 * queued), checked before a request is parsed, plus a heap guard on the JVM's own numbers. Refusal
 * is the sender's signal to back off (UNAVAILABLE / 503 with a retry hint).
 */
final class MemoryLimiter {
  private final long budget;
  private final int heapLimitPercent;
  private final AtomicLong inFlight = new AtomicLong();
  private final Runtime runtime = Runtime.getRuntime();
  private final List<MemoryPoolMXBean> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
          .toList();
  private volatile long heapReadAt = System.nanoTime() - 1_000_000_000L;
  private volatile int heapPercent;

  MemoryLimiter(long budgetBytes, int heapLimitPercent) {
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("budgetBytes must be positive");
    }
    this.budget = budgetBytes;
    this.heapLimitPercent = heapLimitPercent;
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

  /**
   * True when a new request would be refused anyway: checked when a request starts, before its body
   * is buffered, so that an overloaded agent does not read bodies it cannot take.
   */
  boolean saturated() {
    return inFlight.get() >= budget || heapUsedPercent() > heapLimitPercent;
  }

  void release(long bytes) {
    inFlight.addAndGet(-bytes);
  }

  long inFlightBytes() {
    return inFlight.get();
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
}
