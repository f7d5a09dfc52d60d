package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** What one minute of detection did to an incident. */
public sealed interface IncidentEvent {
  Incident incident();

  /** A new incident: its services were anomalous for the policy's opening minutes. */
  record Opened(Incident incident) implements IncidentEvent {
    public Opened {
      requireNonNull(incident, "incident");
    }
  }

  /** The incident is still anomalous: its window grew, services may have joined. */
  record Updated(Incident incident) implements IncidentEvent {
    public Updated {
      requireNonNull(incident, "incident");
    }
  }

  /** Its services stayed normal for the policy's closing minutes; {@code at} is that minute. */
  record Closed(Incident incident, Instant at) implements IncidentEvent {
    public Closed {
      requireNonNull(incident, "incident");
      requireNonNull(at, "at");
    }
  }
}
