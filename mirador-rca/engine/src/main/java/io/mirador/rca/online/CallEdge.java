package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

/**
 * Calls from one service to another in a window, from parent/child spans whose services differ;
 * latency is the callee's span duration in nanoseconds.
 */
public record CallEdge(
    String caller,
    String callee,
    long calls,
    long errors,
    double latencyP50Nanos,
    double latencyP95Nanos,
    double latencyP99Nanos) {
  public CallEdge {
    requireNonNull(caller, "caller");
    requireNonNull(callee, "callee");
    if (calls < 0 || errors < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
