package io.mirador.store;

import static java.util.Objects.requireNonNull;

/**
 * One service-to-service edge in one minute, decomposed: every call is a client span at {@code
 * caller} whose child is a server span at {@code callee}. The gap (client duration minus server
 * duration, at least 0) is the time the call spent on the wire and in the network paths of both
 * ends; the server duration is the callee's own answer time. Quantiles are over the calls that
 * started in the minute; {@code slowestTraceId} is the trace of the call with the longest client
 * duration ({@code slowestNanos}), an example a person can open. {@code repeats} counts the calls
 * that repeat one made before them from the same caller span to the same callee operation (a retry,
 * or a loop over items): retries rise when the callee answers wrongly, fails or drops packets.
 */
public record EdgeLatencyMinute(
    String caller,
    String callee,
    long minuteStartUnixNano,
    long calls,
    long repeats,
    double gapP50Nanos,
    double gapP95Nanos,
    double serverP50Nanos,
    double serverP95Nanos,
    String slowestTraceId,
    double slowestNanos) {
  public EdgeLatencyMinute {
    requireNonNull(caller, "caller");
    requireNonNull(callee, "callee");
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
