package io.mirador.benchmarks.overload;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the load generator saw, per request: its answer (HTTP status or gRPC code), latency, retry
 * hint, and for an accepted request the span ids it carried (request numbers; the ids follow from
 * {@link SpanTemplate}). Thread-safe; the accepted set is a bit set of request numbers.
 */
final class Ledger {
  /** One request's answer as the sender saw it. */
  record Answer(String status, boolean accepted, boolean throttled, long retryHintMillis) {}

  private final BitSet accepted = new BitSet();
  private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final LongAdder sent = new LongAdder();
  private final LongAdder acceptedCount = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder throttledWithHint = new LongAdder();
  private final LongAdder otherErrors = new LongAdder();
  private final Recorder acceptedLatency = new Recorder(3);
  private final Recorder refusedLatency = new Recorder(3);
  private final Histogram hints = new Histogram(3);

  void record(long request, Answer answer, long latencyNanos) {
    sent.increment();
    byStatus.computeIfAbsent(answer.status(), k -> new LongAdder()).increment();
    long micros = Math.max(1, latencyNanos / 1000);
    if (answer.accepted()) {
      acceptedCount.increment();
      acceptedLatency.recordValue(micros);
      synchronized (accepted) {
        accepted.set(Math.toIntExact(request));
      }
    } else {
      refusedLatency.recordValue(micros);
      if (answer.throttled()) {
        throttled.increment();
        if (answer.retryHintMillis() > 0) {
          throttledWithHint.increment();
          synchronized (hints) {
            hints.recordValue(answer.retryHintMillis());
          }
        }
      } else {
        otherErrors.increment();
      }
    }
  }

  boolean wasAccepted(long request) {
    synchronized (accepted) {
      return accepted.get(Math.toIntExact(request));
    }
  }

  BitSet acceptedRequests() {
    synchronized (accepted) {
      return (BitSet) accepted.clone();
    }
  }

  long sent() {
    return sent.sum();
  }

  long accepted() {
    return acceptedCount.sum();
  }

  long throttled() {
    return throttled.sum();
  }

  long throttledWithHint() {
    return throttledWithHint.sum();
  }

  long otherErrors() {
    return otherErrors.sum();
  }

  Map<String, Long> statuses() {
    Map<String, Long> out = new TreeMap<>();
    byStatus.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Accepted requests' latency since the last call, in microseconds. */
  Histogram acceptedLatency() {
    return acceptedLatency.getIntervalHistogram();
  }

  Histogram refusedLatency() {
    return refusedLatency.getIntervalHistogram();
  }

  /** Retry hints seen, in milliseconds. */
  Histogram hints() {
    synchronized (hints) {
      return hints.copy();
    }
  }
}
