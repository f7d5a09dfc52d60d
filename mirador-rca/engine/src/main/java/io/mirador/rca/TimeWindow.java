package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A half-open interval [start, end). */
public record TimeWindow(Instant start, Instant end) {
  public TimeWindow {
    requireNonNull(start, "start");
    requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
  }
}
