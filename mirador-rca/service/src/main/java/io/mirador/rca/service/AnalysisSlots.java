package io.mirador.rca.service;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds how many RCA and anomaly analyses run at once: each one reads hours of features from the
 * core and fits forests, so a caller with a valid token must not be able to pile them up. A request
 * over the limit is refused at once (429 with {@code Retry-After}) instead of queueing.
 */
@Singleton
public class AnalysisSlots {
  private final Semaphore slots;

  @Inject
  AnalysisSlots(RcaConfig config) {
    this(config.maxConcurrentAnalyses());
  }

  AnalysisSlots(int limit) {
    this.slots = new Semaphore(Math.max(1, limit));
  }

  <T> T run(Supplier<T> analysis) {
    if (!slots.tryAcquire()) {
      throw new Busy();
    }
    try {
      return analysis.get();
    } finally {
      slots.release();
    }
  }

  /** Every analysis slot is taken. */
  static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy() {
      super("too many analyses at once; retry shortly", null, false, false);
    }
  }
}
