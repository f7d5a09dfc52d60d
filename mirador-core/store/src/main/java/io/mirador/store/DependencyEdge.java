package io.mirador.store;

/**
 * Calls from one service to another in a window, from parent/child spans whose services differ.
 * Latency is the callee's span duration.
 */
public record DependencyEdge(
    String caller,
    String callee,
    long calls,
    long errors,
    double latencyP50Nanos,
    double latencyP95Nanos,
    double latencyP99Nanos) {}
