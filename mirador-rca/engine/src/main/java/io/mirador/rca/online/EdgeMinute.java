package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One caller-callee edge in one minute, as the core's {@code /features/edges} decomposes its calls:
 * the gap (client span at {@code caller} minus the server span at {@code callee}, the time on the
 * wire and in both ends' network paths) and the callee's server time, p50 and p95 in nanoseconds,
 * over the calls that started in {@code minute}; the trace of the minute's slowest call. {@code
 * repeats} is how many of the calls repeated an earlier call from the same caller span to the same
 * callee operation: retries, besides any loop over items.
 */
public record EdgeMinute(
    String caller,
    String callee,
    Instant minute,
    long calls,
    long repeats,
    double gapP50Nanos,
    double gapP95Nanos,
    double serverP50Nanos,
    double serverP95Nanos,
    String slowestTraceId,
    double slowestNanos) {
  public EdgeMinute {
    requireNonNull(caller, "caller");
    requireNonNull(callee, "callee");
    requireNonNull(minute, "minute");
    requireNonNull(slowestTraceId, "slowestTraceId");
    if (calls < 0) {
      throw new IllegalArgumentException("calls must be >= 0, got " + calls);
    }
    if (repeats < 0 || repeats > calls) {
      throw new IllegalArgumentException(
          "repeats must be in [0, calls=" + calls + "], got " + repeats);
    }
  }
}
