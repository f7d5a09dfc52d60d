package io.mirador.agent;

import io.mirador.crypto.Signal;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Requests refused as too large, per receiver, and a WARN naming the client that sent one (its
 * address and the user agent its SDK announces, never the payload): an SDK drops a batch it gets
 * 413 / RESOURCE_EXHAUSTED for, so the operator must learn which application loses data and why. At
 * most one line a second; the lines skipped meanwhile are counted in the next one.
 */
final class OversizeRefusals {
  /** The receiving side. */
  enum Receiver {
    HTTP("OTLP/HTTP"),
    GRPC("OTLP gRPC");

    private final String label;

    Receiver(String label) {
      this.label = label;
    }
  }

  private static final Logger LOG = Logger.getLogger(OversizeRefusals.class.getName());
  private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;
  private static final int MAX_USER_AGENT = 120;

  private final LongAdder[] counts = {new LongAdder(), new LongAdder()};
  private final LongSupplier nanoClock;
  private final AtomicLong lastLogged;
  private final LongAdder unlogged = new LongAdder();
  private final int limit;

  OversizeRefusals(int limit) {
    this(limit, System::nanoTime);
  }

  OversizeRefusals(int limit, LongSupplier nanoClock) {
    this.limit = limit;
    this.nanoClock = nanoClock;
    this.lastLogged = new AtomicLong(nanoClock.getAsLong() - LOG_INTERVAL_NANOS);
  }

  long count(Receiver receiver) {
    return counts[receiver.ordinal()].sum();
  }

  /**
   * Counts one refusal and warns (rate-limited). {@code remote} and {@code userAgent} come from the
   * request: either may be null; both are cleaned of control characters and shortened.
   */
  void refused(Receiver receiver, Signal signal, String remote, String userAgent) {
    counts[receiver.ordinal()].increment();
    long now = nanoClock.getAsLong();
    long last = lastLogged.get();
    if (now - last < LOG_INTERVAL_NANOS || !lastLogged.compareAndSet(last, now)) {
      unlogged.increment();
      return;
    }
    long skipped = unlogged.sumThenReset();
    LOG.warning(
        receiver.label
            + " "
            + signal.name().toLowerCase(Locale.ROOT)
            + " request refused as too large (over receivers.maxRequestBytes = "
            + limit
            + " bytes, decoded) from "
            + clean(remote, "an unknown address")
            + ", user agent "
            + clean(userAgent, "not sent")
            + ": the SDK drops such a batch; lower its batch size (max export batch) or raise"
            + " receivers.maxRequestBytes"
            + (skipped > 0 ? " (" + skipped + " more refusals since the last such line)" : ""));
  }

  /** Printable ASCII only (log-injection safe), at most {@value #MAX_USER_AGENT} characters. */
  static String clean(String value, String absent) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < value.length() && b.length() <= MAX_USER_AGENT; i++) {
      char c = value.charAt(i);
      b.append(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
    }
    if (value.length() > MAX_USER_AGENT) {
      b.append("...");
    }
    return b.append('\'').toString();
  }
}
