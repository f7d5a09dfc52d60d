package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/** A half-open time range {@code [from, to)}. */
public record TimeRange(Instant from, Instant to) {
  public TimeRange {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("time range must have from before to");
    }
  }

  public static TimeRange of(Instant from, Instant to) {
    return new TimeRange(from, to);
  }

  public static TimeRange last(Duration duration, Instant now) {
    return new TimeRange(now.minus(duration), now);
  }

  public long fromNanos() {
    return toNanos(from);
  }

  public long toNanos() {
    return toNanos(to);
  }

  public Duration duration() {
    return Duration.between(from, to);
  }

  private static long toNanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }
}
