package io.mirador.benchmarks.soak;

import java.util.Arrays;

/**
 * Every span the load generator sent and what the agent answered for it. Request {@code r} carries
 * spans {@code r * spansPerRequest + 1 ... (r + 1) * spansPerRequest}; a span's id is its number in
 * the low 48 bits under a 16-bit run tag (never zero), so the ledger is one outcome and one answer
 * time per request, and a stored span id maps back to its request by arithmetic.
 */
final class SpanLedger {
  /** What the sender knows about one request. */
  enum Outcome {
    /** Not answered yet (or never sent). */
    PENDING,
    /** 200 with nothing rejected: the agent has the spans durably. */
    ACKNOWLEDGED,
    /** An HTTP error status: the agent refused the spans (an SDK would report them failed). */
    REFUSED,
    /**
     * No answer: connection refused or reset, timeout. The agent may or may not have them; an SDK
     * reports them failed.
     */
    NO_ANSWER
  }

  private static final long ID_MASK = (1L << 48) - 1;
  private static final Outcome[] OUTCOMES = Outcome.values();

  private final long tag;
  private final int spansPerRequest;
  private final byte[] outcomes;
  private final int[] answeredMillis;
  private volatile int sent;

  SpanLedger(int tag, int spansPerRequest, int maxRequests) {
    if (tag <= 0 || tag > 0xffff) {
      throw new IllegalArgumentException("tag: 1..65535, not " + tag);
    }
    if (spansPerRequest < 1 || (long) spansPerRequest * maxRequests >= ID_MASK) {
      throw new IllegalArgumentException("spansPerRequest x maxRequests out of range");
    }
    this.tag = (long) tag << 48;
    this.spansPerRequest = spansPerRequest;
    this.outcomes = new byte[maxRequests];
    this.answeredMillis = new int[maxRequests];
    Arrays.fill(answeredMillis, -1);
  }

  int spansPerRequest() {
    return spansPerRequest;
  }

  int capacity() {
    return outcomes.length;
  }

  /** The next request index; the caller sends it. */
  synchronized int nextRequest() {
    if (sent == outcomes.length) {
      throw new IllegalStateException("ledger full: " + sent + " requests");
    }
    return sent++;
  }

  int requestsSent() {
    return sent;
  }

  long spanId(int request, int spanInRequest) {
    return tag | ((long) request * spansPerRequest + spanInRequest + 1);
  }

  /** The request that carried a stored span id, or -1 when the id is not one of this run's. */
  int requestOf(long spanId) {
    if ((spanId & ~ID_MASK) != tag) {
      return -1;
    }
    long number = (spanId & ID_MASK) - 1;
    long request = number / spansPerRequest;
    return number < 0 || request >= sent ? -1 : (int) request;
  }

  /** The span's position in the run ({@code 0 ... sent * spansPerRequest - 1}). */
  long spanNumber(long spanId) {
    return (spanId & ID_MASK) - 1;
  }

  void answer(int request, Outcome outcome, int millisSinceStart) {
    answeredMillis[request] = millisSinceStart;
    outcomes[request] = (byte) outcome.ordinal();
  }

  Outcome outcome(int request) {
    return OUTCOMES[outcomes[request]];
  }

  /** When the answer came, in milliseconds since the run started, or -1. */
  int answeredMillis(int request) {
    return answeredMillis[request];
  }

  long spans(Outcome outcome) {
    long n = 0;
    for (int r = 0; r < sent; r++) {
      if (outcomes[r] == outcome.ordinal()) {
        n += spansPerRequest;
      }
    }
    return n;
  }
}
