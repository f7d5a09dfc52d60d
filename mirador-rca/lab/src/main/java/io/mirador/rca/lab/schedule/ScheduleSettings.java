package io.mirador.rca.lab.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * What the schedule is drawn from.
 *
 * @param seed the seed of every random choice (the same seed and topology give the same schedule)
 * @param faults how many faults, or 0 when {@code length} bounds the schedule instead
 * @param length the schedule's length (gaps and faults) when {@code faults} is 0
 * @param shortestFault a fault's duration is drawn uniformly in [shortest, longest], whole seconds
 * @param longestFault see {@code shortestFault}
 * @param shortestGap the quiet time before each fault is drawn uniformly in [shortest, longest]
 * @param longestGap see {@code shortestGap}
 * @param types the types to draw, each getting cases in turn
 */
public record ScheduleSettings(
    long seed,
    int faults,
    Duration length,
    Duration shortestFault,
    Duration longestFault,
    Duration shortestGap,
    Duration longestGap,
    List<FaultType> types) {
  /** Faults last 3-5 minutes: long enough for the loop (3 anomalous minutes open an incident). */
  public static final Duration SHORTEST_FAULT = Duration.ofMinutes(3);

  public static final Duration LONGEST_FAULT = Duration.ofMinutes(5);

  /**
   * 8-14 minutes of quiet before each fault: the incident of the previous fault closes (5 quiet
   * minutes) and a finding's attribution window (2 min before to 10 min after a start) leaves quiet
   * time in which a finding is false.
   */
  public static final Duration SHORTEST_GAP = Duration.ofMinutes(8);

  public static final Duration LONGEST_GAP = Duration.ofMinutes(14);

  public ScheduleSettings {
    requireNonNull(length, "length");
    requireNonNull(shortestFault, "shortestFault");
    requireNonNull(longestFault, "longestFault");
    requireNonNull(shortestGap, "shortestGap");
    requireNonNull(longestGap, "longestGap");
    types = List.copyOf(requireNonNull(types, "types"));
    if (faults < 0) {
      throw new IllegalArgumentException("faults must be 0 or more");
    }
    if (faults == 0 && length.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "give a number of faults or a length of at least 1 minute");
    }
    if (shortestFault.toSeconds() < 30 || longestFault.compareTo(shortestFault) < 0) {
      throw new IllegalArgumentException(
          "fault durations must be at least 30 s, the longest no shorter than the shortest");
    }
    if (shortestGap.isNegative() || longestGap.compareTo(shortestGap) < 0) {
      throw new IllegalArgumentException(
          "gaps must be 0 s or more, the longest no shorter than the shortest");
    }
    if (types.isEmpty()) {
      throw new IllegalArgumentException("at least one fault type is needed");
    }
  }

  /** The product's schedule: every type, 3-5 minute faults, 8-14 minute gaps. */
  public static ScheduleSettings standard(long seed, int faults, Duration length) {
    return new ScheduleSettings(
        seed,
        faults,
        length,
        SHORTEST_FAULT,
        LONGEST_FAULT,
        SHORTEST_GAP,
        LONGEST_GAP,
        List.of(FaultType.values()));
  }
}
