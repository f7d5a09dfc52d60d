package io.mirador.rca.lab.score;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.lab.schedule.FaultType;
import java.time.Instant;

/**
 * A fault that ran: where it was injected ({@code service}), what a person must find ({@code
 * truth}), and its real window on the estate's clock.
 */
public record LabCase(
    int index,
    String id,
    FaultType type,
    String service,
    String truth,
    Instant start,
    Instant end) {
  public LabCase {
    requireNonNull(id, "id");
    requireNonNull(type, "type");
    requireNonNull(service, "service");
    requireNonNull(truth, "truth");
    requireNonNull(start, "start");
    requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("case " + id + " ends before it starts");
    }
  }
}
