package io.mirador.store;

/**
 * What one operation (span name and kind) of one service did in one minute: spans, failed spans and
 * their latency quantiles. Finer than {@link ServiceMinute}: a fault in one endpoint or one
 * outgoing call shows here even when the service's totals barely move.
 */
public record OperationMinute(
    String service,
    String operation,
    String kind,
    long minuteStartUnixNano,
    long spans,
    long errors,
    double latencyP50Nanos,
    double latencyP95Nanos) {}
