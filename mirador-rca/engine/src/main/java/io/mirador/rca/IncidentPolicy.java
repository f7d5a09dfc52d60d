package io.mirador.rca;

import java.time.Duration;

/**
 * When a tenant's per-minute anomaly scores open and close an incident.
 *
 * @param threshold a service is anomalous in a minute when its score is at least this
 * @param openAfter consecutive anomalous minutes of a service before an incident opens
 * @param closeAfter minutes without any anomalous service of the incident before it closes
 */
public record IncidentPolicy(double threshold, int openAfter, int closeAfter) {
  /** Open after 3 anomalous minutes, close after 5 quiet ones; see RATIONALE.md. */
  public static IncidentPolicy withThreshold(double threshold) {
    return new IncidentPolicy(threshold, 3, 5);
  }

  public IncidentPolicy {
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite, got " + threshold);
    }
    if (openAfter < 1) {
      throw new IllegalArgumentException("openAfter must be at least 1, got " + openAfter);
    }
    if (closeAfter < 1) {
      throw new IllegalArgumentException("closeAfter must be at least 1, got " + closeAfter);
    }
  }

  Duration quietToClose() {
    return Duration.ofMinutes(closeAfter);
  }
}
