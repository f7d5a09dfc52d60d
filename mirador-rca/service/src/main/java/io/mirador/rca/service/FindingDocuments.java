package io.mirador.rca.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirador.rca.Finding;
import io.mirador.rca.Incident;
import io.mirador.rca.IncidentEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * An incident as the core's {@code FindingInput}: symptom, causes (service, score, confidence) and
 * the evidence the RCA measured, with the incident id that makes a finding findable again.
 */
final class FindingDocuments {
  /** The core keeps at most this many causes. */
  static final int MAX_CAUSES = 100;

  private FindingDocuments() {}

  /**
   * The finding of {@code incident}; {@code detectedAt} is when the detection loop opened it (the
   * incident's window starts at its first anomalous minute, minutes before); {@code baselineNote}
   * what the loop said about a short baseline when it opened ({@code DetectionLoop.baselineNote}).
   */
  static ObjectNode input(
      ObjectMapper json,
      Incident incident,
      Optional<IncidentEvent.Closed> closed,
      Instant detectedAt,
      Optional<String> baselineNote) {
    Finding finding = incident.finding();
    ObjectNode input = json.createObjectNode();
    input.put("status", closed.isPresent() ? "CLOSED" : "OPEN");
    input.put("openedAt", incident.window().start().toString());
    input.put("detectedAt", detectedAt.toString());
    closed.ifPresent(c -> input.put("closedAt", c.at().toString()));
    ObjectNode symptom = input.putObject("symptom");
    symptom.put("service", finding.symptom().service());
    symptom.put("metric", finding.symptom().metric());
    symptom.put("from", incident.window().start().toString());
    symptom.put("to", incident.window().end().toString());
    ArrayNode causes = input.putArray("causes");
    finding.causes().stream()
        .limit(MAX_CAUSES)
        .forEach(
            c ->
                causes
                    .addObject()
                    .put("service", c.service())
                    .put("score", finite(c.score()))
                    .put("confidence", c.confidence()));
    ObjectNode evidence = input.putObject("evidence");
    evidence.put("incidentId", incident.id().toString());
    evidence.put("source", "mirador-rca detection loop");
    // RECOVERED: every service scored normal again; UNWATCHED: one lost its detector or its data
    // while still anomalous, so the close is not a recovery.
    closed.ifPresent(c -> evidence.put("resolution", c.resolution().name()));
    // Opened while a detector's level was still widened for a short baseline: say so.
    baselineNote.ifPresent(n -> evidence.put("baseline", n));
    ArrayNode services = evidence.putArray("services");
    incident.services().forEach(services::add);
    evidence.set("finding", json.valueToTree(finding));
    return input;
  }

  static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }
}
