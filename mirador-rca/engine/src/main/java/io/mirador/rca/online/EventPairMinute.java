package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * How often, in spans of {@code service} started in the minute {@code minute}, event {@code source}
 * was directly followed by event {@code target} (the core's event-pair feature: span start, log
 * patterns, span events, span end, in time order).
 */
public record EventPairMinute(
    String service, String source, String target, Instant minute, long count) {
  public EventPairMinute {
    requireNonNull(service, "service");
    requireNonNull(source, "source");
    requireNonNull(target, "target");
    requireNonNull(minute, "minute");
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
  }
}
