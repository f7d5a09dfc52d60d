package io.mirador.rca.online;

import java.util.Locale;

/**
 * How much a detector's alarm level is widened because its baseline is short: the level and the
 * scales of the deviation alarm are estimated from {@code minutes} minutes instead of {@code full}.
 * The standard error of a quantile or a scale estimated from n exchangeable minutes falls as 1 /
 * sqrt(n), so a level fitted on n minutes is given the margin the full baseline's level has, scaled
 * by the ratio of those errors: the factor is sqrt(full / n), 1 from the full size on (see
 * RATIONALE.md). Scores are divided by it: 7 of 30 minutes need a move 2.07 times as large.
 *
 * @param minutes minutes with data the detector was fitted on
 * @param full minutes from which the level is taken as it is
 */
public record BaselineTolerance(int minutes, int full) {
  public BaselineTolerance {
    if (minutes < 1) {
      throw new IllegalArgumentException("minutes must be at least 1, got " + minutes);
    }
    if (full < 1) {
      throw new IllegalArgumentException("full must be at least 1, got " + full);
    }
  }

  /** Whether the baseline is shorter than its full size. */
  public boolean isShort() {
    return minutes < full;
  }

  /** What scores are divided by: sqrt(full / minutes) while short, else 1. */
  public double factor() {
    return isShort() ? Math.sqrt((double) full / minutes) : 1;
  }

  /** {@code short baseline: 7 of 30 minutes, tolerance widened x2.07}, or {@code full baseline}. */
  public String describe() {
    return isShort()
        ? String.format(
            Locale.ROOT,
            "short baseline: %d of %d minutes, tolerance widened x%.2f",
            minutes,
            full,
            factor())
        : "full baseline";
  }
}
