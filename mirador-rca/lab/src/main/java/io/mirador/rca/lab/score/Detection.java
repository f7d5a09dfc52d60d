package io.mirador.rca.lab.score;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.ToIntBiFunction;

/**
 * The detection loop's answer to one case: the finding that gained the true service first between
 * the fault's start and {@link #WINDOW} after it (a finding that held it before the start does not
 * count: it was about something else), the delay from the start, and the rank of the true cause.
 *
 * <p>The same shape answers the second, separate figure, {@link #shownBy}: the first finding that
 * showed the true service (among its services or its first {@link FindingTrack#SHOWN_CAUSES}
 * causes) in the same window.
 */
public record Detection(String findingId, Instant at, Duration delay, int rank) {
  /** The engine's detection-eval attribution: up to 10 minutes after a fault starts. */
  public static final Duration WINDOW = Duration.ofMinutes(10);

  /** The goal's bound on the delay (issue 19: detected within 3 minutes). */
  public static final Duration WITHIN = Duration.ofMinutes(3);

  /** The primary figure: a finding gained the true service among the incident's services. */
  public static Optional<Detection> of(LabCase c, Collection<FindingTrack> findings) {
    return first(c, findings, FindingTrack::gained, FindingTrack::rankWhenGained);
  }

  /**
   * The second figure: a finding showed the true service, among its services or its first {@link
   * FindingTrack#SHOWN_CAUSES} ranked causes, and had not shown it before the start.
   */
  public static Optional<Detection> shownBy(LabCase c, Collection<FindingTrack> findings) {
    return first(c, findings, FindingTrack::shown, FindingTrack::rankWhenShown);
  }

  /** Whether the delay is within {@link #WITHIN}. */
  public boolean within3Minutes() {
    return delay.compareTo(WITHIN) <= 0;
  }

  private static Optional<Detection> first(
      LabCase c,
      Collection<FindingTrack> findings,
      BiFunction<FindingTrack, String, Instant> when,
      ToIntBiFunction<FindingTrack, String> rank) {
    Instant from = c.start();
    Instant to = c.start().plus(WINDOW);
    return findings.stream()
        .filter(f -> when.apply(f, c.truth()) != null)
        .filter(
            f -> {
              Instant at = when.apply(f, c.truth());
              return !at.isBefore(from) && !at.isAfter(to);
            })
        .min(Comparator.comparing((FindingTrack f) -> when.apply(f, c.truth())))
        .map(
            f -> {
              Instant at = when.apply(f, c.truth());
              return new Detection(
                  f.id(), at, Duration.between(from, at), rank.applyAsInt(f, c.truth()));
            });
  }
}
