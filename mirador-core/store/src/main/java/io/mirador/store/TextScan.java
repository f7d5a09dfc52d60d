package io.mirador.store;

/**
 * What {@link TelemetryStore#scanText} read: spans, log records and metric data points, the text
 * values it handed over, and whether it stopped at its value limit before the end of the range.
 */
public record TextScan(long spans, long logs, long dataPoints, long values, boolean truncated) {}
