package io.mirador.store;

import java.util.Map;

/** A log record as the store holds it (one row of {@code otel_logs}). */
public record StoredLog(
    long timeUnixNano,
    String traceId,
    String spanId,
    int traceFlags,
    String severityText,
    int severityNumber,
    String serviceName,
    String body,
    Map<String, String> resourceAttributes,
    String scopeName,
    String scopeVersion,
    Map<String, String> attributes) {

  public StoredLog {
    resourceAttributes = Map.copyOf(resourceAttributes);
    attributes = Map.copyOf(attributes);
  }
}
