package io.mirador.pii;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide counters of applied redactions, for a metrics exporter ({@code
 * mirador_redactions_total{signal, location, source, action}}). Thread-safe; updated once per
 * message, touching only the non-zero cells.
 */
public final class RedactionMetrics {
  private final LongAdder[] adders = new LongAdder[RedactionCounts.CELLS];

  public RedactionMetrics() {
    for (int i = 0; i < adders.length; i++) {
      adders[i] = new LongAdder();
    }
  }

  public void record(RedactionCounts counts) {
    if (counts.isEmpty()) {
      return;
    }
    for (int i = 0; i < adders.length; i++) {
      long c = counts.raw(i);
      if (c != 0) {
        adders[i].add(c);
      }
    }
  }

  /** The totals so far. */
  public RedactionCounts snapshot() {
    long[] c = new long[adders.length];
    for (int i = 0; i < adders.length; i++) {
      c[i] = adders[i].sum();
    }
    return RedactionCounts.of(c);
  }
}
