package io.mirador.core.ingest;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes held by requests in progress, bounded by the memory budget. */
final class InflightBudget {
  private final long budget;
  private final AtomicLong used = new AtomicLong();

  InflightBudget(long budget) {
    this.budget = budget;
  }

  /** Reserves {@code bytes} unless that would exceed the budget. */
  boolean tryAcquire(long bytes) {
    while (true) {
      long current = used.get();
      if (current + bytes > budget) {
        return false;
      }
      if (used.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }
}
