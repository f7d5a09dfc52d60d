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

  /**
   * No member fires any more; {@code at} is the minute that ended the last one's closing minutes.
   */
  record Closed(Incident incident, Instant at, Resolution resolution) implements IncidentEvent {
    public Closed {
      requireNonNull(incident, "incident");
      requireNonNull(at, "at");
      requireNonNull(resolution, "resolution");
    }
  }

  /** Why an incident closed. */
  enum Resolution {
    /** Every member was scored normal for the closing minutes. */
    RECOVERED,

    /**
     * A member stopped firing while it was not scored: it had no detector (a shift that outlasted
     * the baseline it could be refitted on) or no data. Not a recovery, and the finding says so.
     */
    UNWATCHED
  }
}
