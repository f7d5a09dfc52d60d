package io.mirador.rca;

import static java.util.Objects.requireNonNull;

/**
 * Median and inter-quartile range of a metric's baseline; deviation of an observation in units of
 * {@code scale} (the robust scaling BARO uses), so a large move ranks above a small one whatever
 * the metric's unit.
 */
public record RobustBaseline(double median, double iqr, double scale) {
  /**
   * Smallest scale as a share of the median: a flat baseline (IQR 0, common for memory gauges)
   * would otherwise turn a one-byte change into an enormous deviation.
   */
  public static final double RELATIVE_FLOOR = 0.01;

  public RobustBaseline {
    if (!Double.isFinite(median)) {
      throw new IllegalArgumentException("median must be finite");
    }
    if (!(iqr >= 0) || !Double.isFinite(iqr)) {
      throw new IllegalArgumentException("iqr must be non-negative and finite, got " + iqr);
    }
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
    }
  }

  /** Baseline of the finite values of {@code values}. */
  public static RobustBaseline of(double[] values) {
    requireNonNull(values, "values");
    double[] sorted = Stats.sortedFinite(values);
    if (sorted.length == 0) {
      throw new IllegalArgumentException("baseline has no finite values");
    }
    double median = Stats.quantileSorted(sorted, 0.5);
    double iqr = Stats.quantileSorted(sorted, 0.75) - Stats.quantileSorted(sorted, 0.25);
    return new RobustBaseline(median, iqr, scale(median, iqr, RELATIVE_FLOOR));
  }

  /**
   * The same median and IQR with the scale floored at {@code relativeFloor} of the median instead
   * of {@link #RELATIVE_FLOOR}: an alarm needs a larger floor than a ranking.
   */
  public RobustBaseline withRelativeFloor(double relativeFloor) {
    if (!(relativeFloor >= 0) || !Double.isFinite(relativeFloor)) {
      throw new IllegalArgumentException(
          "relativeFloor must be non-negative and finite, got " + relativeFloor);
    }
    return new RobustBaseline(median, iqr, scale(median, iqr, relativeFloor));
  }

  private static double scale(double median, double iqr, double relativeFloor) {
    double scale = Math.max(iqr, relativeFloor * Math.abs(median));
    return scale > 0 ? scale : 1.0;
  }

  /** Signed deviation: positive when {@code observed} is above the median. */
  public double deviation(double observed) {
    return (observed - median) / scale;
  }
}
