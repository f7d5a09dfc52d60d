package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** How many spans of one operation (span name) of {@code service} started in {@code minute}. */
public record OperationSpansMinute(String service, String operation, Instant minute, long spans) {
  public OperationSpansMinute {
    requireNonNull(service, "service");
    requireNonNull(operation, "operation");
    requireNonNull(minute, "minute");
    if (spans < 0) {
      throw new IllegalArgumentException("spans must be >= 0, got " + spans);
    }
  }
}
