package io.mirador.rca;

import java.time.Duration;

/**
 * When a tenant's per-minute anomaly scores open and close an incident.
 *
 * @param threshold a service is anomalous in a minute when its score is at least this
 * @param openAfter consecutive anomalous minutes of a service before an incident opens
 * @param closeAfter minutes without any anomalous service of the incident before it closes
 * @param openAtOnce a service whose score reaches this in a minute of its anomalous streak needs no
 *     more minutes: a move this far above the level is not a one-minute blip (positive infinity:
 *     never)
 */
public record IncidentPolicy(double threshold, int openAfter, int closeAfter, double openAtOnce) {
  /**
   * Default opening: after 3 anomalous minutes, or at once at twice the alarm level (2 minutes
   * measured and not kept: more false incidents on sockshop, see RATIONALE.md).
   */
  public static final int DEFAULT_OPEN_AFTER = 3;

  /** A score this many times the threshold opens in its first minute; see RATIONALE.md. */
  public static final double DEFAULT_OPEN_AT_ONCE = 2;

  /**
   * Open after {@link #DEFAULT_OPEN_AFTER} anomalous minutes, or in the first at {@link
   * #DEFAULT_OPEN_AT_ONCE} times the threshold; close after 5 quiet ones; see RATIONALE.md.
   */
  public static IncidentPolicy withThreshold(double threshold) {
    return new IncidentPolicy(
        threshold, DEFAULT_OPEN_AFTER, 5, DEFAULT_OPEN_AT_ONCE * Math.abs(threshold));
  }

  /** Opens only after {@code openAfter} anomalous minutes, whatever the score. */
  public IncidentPolicy(double threshold, int openAfter, int closeAfter) {
    this(threshold, openAfter, closeAfter, Double.POSITIVE_INFINITY);
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
    if (Double.isNaN(openAtOnce) || openAtOnce < threshold) {
      throw new IllegalArgumentException(
          "openAtOnce must be at least the threshold (or infinite), got " + openAtOnce);
    }
  }

  /** The same policy opening after {@code minutes} anomalous minutes. */
  public IncidentPolicy withOpenAfter(int minutes) {
    return new IncidentPolicy(threshold, minutes, closeAfter, openAtOnce);
  }

  /** The same policy opening in one minute at {@code score} (positive infinity: never). */
  public IncidentPolicy withOpenAtOnce(double score) {
    return new IncidentPolicy(threshold, openAfter, closeAfter, score);
  }

  Duration quietToClose() {
    return Duration.ofMinutes(closeAfter);
  }
}
