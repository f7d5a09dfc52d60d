package io.mirador.rca.lab.score;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The detection loop's answer to one case: the finding that gained the true service first between
 * the fault's start and {@link #WINDOW} after it (a finding that held it before the start does not
 * count: it was about something else), the delay from the start, and the rank of the true cause.
 */
public record Detection(String findingId, Instant at, Duration delay, int rank) {
  /** The engine's detection-eval attribution: up to 10 minutes after a fault starts. */
  public static final Duration WINDOW = Duration.ofMinutes(10);

  public static Optional<Detection> of(LabCase c, Collection<FindingTrack> findings) {
    return findings.stream()
        .filter(f -> f.gained(c.truth()) != null)
        .filter(
            f -> {
              Instant gained = f.gained(c.truth());
              return !gained.isBefore(c.start()) && !gained.isAfter(c.start().plus(WINDOW));
            })
        .min(Comparator.comparing((FindingTrack f) -> f.gained(c.truth())))
        .map(
            f ->
                new Detection(
                    f.id(),
                    f.gained(c.truth()),
                    Duration.between(c.start(), f.gained(c.truth())),
                    f.rankWhenGained(c.truth())));
  }
}
