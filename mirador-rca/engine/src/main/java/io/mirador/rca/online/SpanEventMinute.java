package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * How many spans of one operation of {@code service}, started in {@code minute}, contained {@code
 * event} (the core's span-event feature: {@code call <service> <operation>} for a child span,
 * {@code log <severity> <pattern>} for a log record written inside the span).
 */
public record SpanEventMinute(
    String service, String operation, String event, Instant minute, long spans) {
  public SpanEventMinute {
    requireNonNull(service, "service");
    requireNonNull(operation, "operation");
    requireNonNull(event, "event");
    requireNonNull(minute, "minute");
    if (spans < 0) {
      throw new IllegalArgumentException("spans must be >= 0, got " + spans);
    }
  }
}
