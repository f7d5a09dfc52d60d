package io.mirador.rca.lab.estate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A fault as the estate answered {@code POST /faults} (201): its id, and its start (when it became
 * active) and planned end on the estate's clock; {@code answer} is the whole answer, kept for the
 * case file.
 */
public record StartedFault(
    String id, String service, String type, Instant start, Instant end, JsonNode answer) {
  public StartedFault {
    requireNonNull(id, "id");
    requireNonNull(service, "service");
    requireNonNull(type, "type");
    requireNonNull(start, "start");
    requireNonNull(end, "end");
    requireNonNull(answer, "answer");
  }
}
