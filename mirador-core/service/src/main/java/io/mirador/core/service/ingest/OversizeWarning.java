package io.mirador.core.service.ingest;

import io.mirador.crypto.Signal;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * The WARN for a plain OTLP request refused as too large, naming the client (address, API key name,
 * user agent; never the payload or the key): an SDK drops a batch it gets 413 / RESOURCE_EXHAUSTED
 * for, so the operator must learn which application loses data. The refusal itself is counted
 * ({@code mirador_ingest_batches_total{source,outcome="refused",reason="too_large"}}) and audited
 * by the pipeline. At most one line a second; skipped lines are counted in the next one.
 */
final class OversizeWarning {
  private static final Logger LOG = Logger.getLogger(OversizeWarning.class);
  private static final long INTERVAL_NANOS = 1_000_000_000L;
  private static final int MAX_TEXT = 120;
  private static final AtomicLong LAST = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
  private static final LongAdder SKIPPED = new LongAdder();

  private OversizeWarning() {}

  static void refused(
      String receiver,
      Signal signal,
      String remote,
      String apiKeyName,
      String userAgent,
      String limits) {
    long now = System.nanoTime();
    long last = LAST.get();
    if (now - last < INTERVAL_NANOS || !LAST.compareAndSet(last, now)) {
      SKIPPED.increment();
      return;
    }
    long skipped = SKIPPED.sumThenReset();
    LOG.warnf(
        "%s %s request refused as too large (%s) from %s, API key %s, user agent %s: the SDK drops"
            + " such a batch; lower its batch size or raise the limits%s",
        receiver,
        signal.name().toLowerCase(Locale.ROOT),
        limits,
        clean(remote, "an unknown address"),
        clean(apiKeyName, "unknown"),
        clean(userAgent, "not sent"),
        skipped > 0 ? " (" + skipped + " more since the last such line)" : "");
  }

  /** Printable ASCII only (log-injection safe), shortened, quoted. */
  static String clean(String value, String absent) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < value.length() && b.length() <= MAX_TEXT; i++) {
      char c = value.charAt(i);
      b.append(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
    }
    if (value.length() > MAX_TEXT) {
      b.append("...");
    }
    return b.append('\'').toString();
  }
}
