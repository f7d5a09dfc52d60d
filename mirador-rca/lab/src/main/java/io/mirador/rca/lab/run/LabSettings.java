package io.mirador.rca.lab.run;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.lab.schedule.ScheduleSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A lab run's settings.
 *
 * @param schedule the fault schedule's settings (seed, count or length, durations, gaps, types)
 * @param rps the workload's mean rate of user journeys per second
 * @param warmup traffic before the first fault's gap begins; the run then also waits (at most
 *     {@code maxWait}) until the detection loop says {@code watching}
 * @param maxWait how much longer than {@code warmup} to wait for {@code watching}
 * @param cooldown after the last fault ends, before the findings are read for the last time
 * @param runDir the run directory (created; must be empty or absent)
 * @param node the node executable
 * @param estateDir the estate's directory ({@code estate.js}, {@code node_modules})
 */
public record LabSettings(
    ScheduleSettings schedule,
    double rps,
    Duration warmup,
    Duration maxWait,
    Duration cooldown,
    Path runDir,
    Path node,
    Path estateDir) {
  /**
   * 15 minutes: the product's loop needs its minimum baseline of traffic (at most 10 minutes by
   * default) and refits every 5 minutes while learning.
   */
  public static final Duration WARMUP = Duration.ofMinutes(15);

  public static final Duration MAX_WAIT = Duration.ofMinutes(45);

  /** Ten minutes: a finding that gains the true cause up to 10 minutes after the start counts. */
  public static final Duration COOLDOWN = Duration.ofMinutes(10);

  /** The estate's own default rate of user journeys. */
  public static final double RPS = 8;

  public LabSettings {
    requireNonNull(schedule, "schedule");
    requireNonNull(warmup, "warmup");
    requireNonNull(maxWait, "maxWait");
    requireNonNull(cooldown, "cooldown");
    requireNonNull(runDir, "runDir");
    requireNonNull(node, "node");
    requireNonNull(estateDir, "estateDir");
    if (!(rps > 0 && rps <= 200)) {
      throw new IllegalArgumentException(
          "rps must be above 0 and at most 200 (the estate's limit)");
    }
    if (warmup.isNegative() || maxWait.isNegative() || cooldown.isNegative()) {
      throw new IllegalArgumentException("warm-up, wait and cool-down must not be negative");
    }
  }
}
