package io.mirador.rca.service;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.rca.FindingSink;
import io.mirador.rca.Incident;
import io.mirador.rca.IncidentEvent;
import io.mirador.rca.online.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Stores incidents as findings through the core: {@code Opened} creates one (the core chooses its
 * id), {@code Updated} and {@code Closed} replace it. The incident id is kept in the evidence; when
 * a create failed with an unknown outcome (timeout, lost answer), the next attempt first looks for
 * a finding carrying that incident id, so a retry never stores a second finding.
 */
final class CoreFindingSink implements FindingSink {
  private final CoreClient core;
  private final TokenSource token;
  private final ObjectMapper json;
  private final Map<UUID, String> findingIds = new ConcurrentHashMap<>();
  private final Set<UUID> uncertain = ConcurrentHashMap.newKeySet();
  private final Map<UUID, Instant> detectedAt = new ConcurrentHashMap<>();
  private volatile Instant tick = Instant.now();
  private volatile BiFunction<String, UUID, Optional<String>> baselineNotes =
      (tenant, id) -> Optional.empty();

  CoreFindingSink(CoreClient core, TokenSource token, ObjectMapper json) {
    this.core = requireNonNull(core, "core");
    this.token = requireNonNull(token, "token");
    this.json = requireNonNull(json, "json");
  }

  /**
   * The time of the detection run that delivers the next events: an incident first seen in it was
   * detected then (a delivery that fails keeps that time for the retries).
   */
  void tickAt(Instant now) {
    this.tick = requireNonNull(now, "now");
  }

  /** Where a finding's note about a short baseline comes from (the detection loop). */
  void baselineNotes(BiFunction<String, UUID, Optional<String>> notes) {
    this.baselineNotes = requireNonNull(notes, "notes");
  }

  @Override
  public void record(IncidentEvent event) {
    Incident incident = event.incident();
    Optional<IncidentEvent.Closed> closed =
        event instanceof IncidentEvent.Closed c ? Optional.of(c) : Optional.empty();
    Instant detected = detectedAt.computeIfAbsent(incident.id(), id -> tick);
    var input =
        FindingDocuments.input(
            json,
            incident,
            closed,
            detected,
            baselineNotes.apply(incident.tenant(), incident.id()));
    String id = findingIds.get(incident.id());
    if (id == null && uncertain.contains(incident.id())) {
      id = lookUp(incident).orElse(null);
      if (id != null) {
        findingIds.put(incident.id(), id);
      }
    }
    if (id != null) {
      core.updateFinding(token.token(), incident.tenant(), id, input);
    } else {
      uncertain.add(incident.id());
      JsonNode created;
      try {
        created = core.createFinding(token.token(), incident.tenant(), input);
      } catch (SourceException e) {
        if (e.reason() != SourceException.Reason.UNAVAILABLE) {
          // Refused, so certainly not stored.
          uncertain.remove(incident.id());
        }
        throw e;
      }
      String createdId = FindingIds.require(created.path("id").asText(""));
      findingIds.put(incident.id(), createdId);
      uncertain.remove(incident.id());
    }
    if (closed.isPresent()) {
      findingIds.remove(incident.id());
      detectedAt.remove(incident.id());
    }
  }

  /** Number of incidents whose finding id is known (open incidents). */
  int tracked() {
    return findingIds.size();
  }

  /** The core's finding for this incident, found by the incident id in its evidence. */
  private Optional<String> lookUp(Incident incident) {
    var params = new LinkedHashMap<String, Object>();
    params.put("from", incident.window().start().minus(Duration.ofMinutes(1)));
    params.put("to", incident.window().start().plus(Duration.ofMinutes(1)));
    params.put("limit", 500);
    JsonNode page = core.listFindings(token.token(), incident.tenant(), params);
    String wanted = incident.id().toString();
    for (JsonNode f : page.path("items")) {
      if (wanted.equals(f.path("evidence").path("incidentId").asText())) {
        return Optional.of(FindingIds.require(f.path("id").asText("")));
      }
    }
    return Optional.empty();
  }
}
