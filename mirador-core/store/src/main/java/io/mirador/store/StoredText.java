package io.mirador.store;

import static java.util.Objects.requireNonNull;

/**
 * One text value of stored telemetry, as {@link TelemetryStore#scanText} reads it for a PII scan.
 *
 * @param signal {@code traces}, {@code logs} or {@code metrics}
 * @param location where the value is stored: {@code resource_attribute}, {@code scope_attribute},
 *     {@code span_name}, {@code span_attribute}, {@code span_event} (name or attribute), {@code
 *     span_link}, {@code span_status}, {@code log_body}, {@code log_attribute}, {@code
 *     metric_attribute} or {@code exemplar_attribute}
 * @param key the attribute key, or null for span and event names, status messages and log bodies
 * @param timeNanos the span's start, the record's or the data point's time
 * @param traceId the span's trace id (hex), or the log record's when it has one; else empty
 * @param spanId likewise
 */
public record StoredText(
    String signal,
    String location,
    String key,
    String value,
    long timeNanos,
    String traceId,
    String spanId) {
  public StoredText {
    requireNonNull(signal, "signal");
    requireNonNull(location, "location");
    requireNonNull(value, "value");
    requireNonNull(traceId, "traceId");
    requireNonNull(spanId, "spanId");
  }

  @Override
  public String toString() {
    // never the value: a scan looks for personal data in it
    return "StoredText[" + signal + ", " + location + ", " + value.length() + " chars]";
  }
}
