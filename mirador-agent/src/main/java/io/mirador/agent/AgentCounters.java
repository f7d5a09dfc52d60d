package io.mirador.agent;

import io.mirador.crypto.Signal;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * The agent's own counters, per signal, in records (spans, data points, log records). Plain
 * LongAdders: the Quarkus layer reads them into Micrometer; tests read them directly.
 */
final class AgentCounters {
  /** What happened to records. */
  enum Kind {
    /** Answered success to the sender. */
    ACCEPTED,
    /** Refused under backpressure or memory pressure (the sender retries). */
    REFUSED,
    /** Rejected as invalid (partial success or a bad request). */
    REJECTED,
    /** Redactions applied (findings, not records). */
    REDACTED,
    /** Lost: dropped oldest from a full queue, or refused permanently by the core. */
    DROPPED,
    /** Written to the queue. */
    QUEUED,
    /** Acknowledged by the core. */
    SENT
  }

  /** Why a whole request was refused before its records could be counted. */
  enum RequestError {
    MALFORMED,
    TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    BAD_ENCODING,
    OVERLOADED,
    INTERNAL
  }

  private final Map<Signal, LongAdder[]> records = new EnumMap<>(Signal.class);
  private final Map<Signal, LongAdder[]> requestErrors = new EnumMap<>(Signal.class);
  private final LongAdder droppedBatches = new LongAdder();
  private volatile LongConsumer exportLatencyNanos = n -> {};

  AgentCounters() {
    for (Signal s : Signal.values()) {
      records.put(s, adders(Kind.values().length));
      requestErrors.put(s, adders(RequestError.values().length));
    }
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  void add(Signal signal, Kind kind, long n) {
    if (n != 0) {
      records.get(signal)[kind.ordinal()].add(n);
    }
  }

  long get(Signal signal, Kind kind) {
    return records.get(signal)[kind.ordinal()].sum();
  }

  void requestError(Signal signal, RequestError error) {
    requestErrors.get(signal)[error.ordinal()].increment();
  }

  long requestErrors(Signal signal, RequestError error) {
    return requestErrors.get(signal)[error.ordinal()].sum();
  }

  void droppedBatch() {
    droppedBatches.increment();
  }

  long droppedBatches() {
    return droppedBatches.sum();
  }

  /** Time from a batch entering the queue until the core acknowledged it. */
  void exportLatency(long nanos) {
    exportLatencyNanos.accept(nanos);
  }

  void onExportLatency(LongConsumer consumer) {
    this.exportLatencyNanos = consumer;
  }
}
