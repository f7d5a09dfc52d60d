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
 * @param firing which anomalous minutes keep an incident's member firing and make a resolved member
 *     fire again
 * @param strongMinutes anomalous minutes in a row a streak with a minute at {@code openAtOnce}
 *     needs (1: that minute alone; 2: it and one more anomalous minute before or after it)
 */
public record IncidentPolicy(
    double threshold,
    int openAfter,
    int closeAfter,
    double openAtOnce,
    Firing firing,
    int strongMinutes) {
  /**
   * Which anomalous minutes hold an incident open: those that keep a firing member firing, and
   * those that make a member that stopped firing fire again (see RATIONALE.md, session 11).
   */
  public enum Firing {
    /**
     * Any anomalous minute keeps a firing member firing; a resolved member fires again after a
     * confirmed streak ({@code openAfter} minutes in a row, or one at {@code openAtOnce}). Sessions
     * 7-10.
     */
    ANY_MINUTE,

    /**
     * As {@link #ANY_MINUTE}, but a resolved member fires again only after {@code openAfter}
     * anomalous minutes in a row: the one-minute rule is there to report a new fault fast, and a
     * resolved member's incident has reported it already.
     */
    REFIRE_AFTER_STREAK,

    /**
     * Only minutes of a confirmed streak keep a member firing or make it fire again: the same
     * evidence opens an incident, holds it open and re-fires a member, so isolated anomalous
     * minutes (the 1 % of normal minutes the level lets through) do not hold it open.
     */
    CONFIRMED_MINUTES
  }

  /**
   * Default opening: after 3 anomalous minutes, or at once at twice the alarm level (2 minutes
   * measured and not kept: more false incidents on sockshop, see RATIONALE.md).
   */
  public static final int DEFAULT_OPEN_AFTER = 3;

  /** A score this many times the threshold opens in its first minute; see RATIONALE.md. */
  public static final double DEFAULT_OPEN_AT_ONCE = 2;

  /** Which anomalous minutes hold an incident open by default; see RATIONALE.md. */
  public static final Firing DEFAULT_FIRING = Firing.ANY_MINUTE;

  /** A minute at {@link #DEFAULT_OPEN_AT_ONCE} opens on its own by default; see RATIONALE.md. */
  public static final int DEFAULT_STRONG_MINUTES = 1;

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

  /** The policy with the default {@link #DEFAULT_FIRING} and {@link #DEFAULT_STRONG_MINUTES}. */
  public IncidentPolicy(double threshold, int openAfter, int closeAfter, double openAtOnce) {
    this(threshold, openAfter, closeAfter, openAtOnce, DEFAULT_FIRING, DEFAULT_STRONG_MINUTES);
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
    if (firing == null) {
      throw new IllegalArgumentException("firing must be given");
    }
    if (strongMinutes < 1 || strongMinutes > openAfter) {
      throw new IllegalArgumentException(
          "strongMinutes must be 1 to openAfter (" + openAfter + "), got " + strongMinutes);
    }
  }

  /** The same policy opening after {@code minutes} anomalous minutes. */
  public IncidentPolicy withOpenAfter(int minutes) {
    return new IncidentPolicy(
        threshold, minutes, closeAfter, openAtOnce, firing, Math.min(strongMinutes, minutes));
  }

  /** The same policy opening in one minute at {@code score} (positive infinity: never). */
  public IncidentPolicy withOpenAtOnce(double score) {
    return new IncidentPolicy(threshold, openAfter, closeAfter, score, firing, strongMinutes);
  }

  /** The same policy with a member resolved after {@code minutes} quiet minutes. */
  public IncidentPolicy withCloseAfter(int minutes) {
    return new IncidentPolicy(threshold, openAfter, minutes, openAtOnce, firing, strongMinutes);
  }

  /** The same policy with {@code rule} deciding which anomalous minutes hold an incident open. */
  public IncidentPolicy withFiring(Firing rule) {
    return new IncidentPolicy(threshold, openAfter, closeAfter, openAtOnce, rule, strongMinutes);
  }

  /**
   * The same policy with a streak that reached {@code openAtOnce} confirmed after {@code minutes}.
   */
  public IncidentPolicy withStrongMinutes(int minutes) {
    return new IncidentPolicy(threshold, openAfter, closeAfter, openAtOnce, firing, minutes);
  }

  Duration quietToClose() {
    return Duration.ofMinutes(closeAfter);
  }
}
