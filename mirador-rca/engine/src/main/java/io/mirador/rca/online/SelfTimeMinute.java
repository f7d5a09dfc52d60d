package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Exclusive ("self") time of the spans of {@code service} started in {@code minute}: a span's
 * duration minus its children's, a client call's charged to the callee (the core's self-time
 * feature). A slow service shows in its own self time; its callers, which only wait, do not.
 */
public record SelfTimeMinute(
    String service, Instant minute, long spans, double p50Nanos, double p95Nanos) {
  public SelfTimeMinute {
    requireNonNull(service, "service");
    requireNonNull(minute, "minute");
    if (spans < 0) {
      throw new IllegalArgumentException("spans must be >= 0, got " + spans);
    }
  }
}
