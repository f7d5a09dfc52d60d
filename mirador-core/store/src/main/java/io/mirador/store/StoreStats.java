package io.mirador.store;

/**
 * Counters of a store since it opened: rows stored per signal, requests refused as invalid (a bad
 * cursor, trace id or range), and writes and reads the engine failed. The core exports them as
 * metrics.
 */
public record StoreStats(
    long spansWritten,
    long logsWritten,
    long metricPointsWritten,
    long invalidRequests,
    long failedWrites,
    long failedReads) {}
