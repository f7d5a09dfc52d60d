package io.mirador.rca;

import static java.util.Objects.requireNonNull;

/**
 * Median and inter-quartile range of a metric's baseline; deviation of an observation in IQR units
 * (the robust scaling BARO uses), so a large move ranks above a small one whatever the metric's
 * unit.
 */
public record RobustBaseline(double median, double iqr) {
  public RobustBaseline {
    if (!Double.isFinite(median)) {
      throw new IllegalArgumentException("median must be finite");
    }
    if (!(iqr > 0) || !Double.isFinite(iqr)) {
      throw new IllegalArgumentException("iqr must be positive and finite, got " + iqr);
    }
  }

  /** Baseline of the finite values; a flat baseline gets a scale of 1, as scikit-learn's scaler. */
  public static RobustBaseline of(double[] values) {
    requireNonNull(values, "values");
    double[] sorted = Stats.sortedFinite(values);
    if (sorted.length == 0) {
      throw new IllegalArgumentException("baseline has no finite values");
    }
    double iqr = Stats.quantileSorted(sorted, 0.75) - Stats.quantileSorted(sorted, 0.25);
    return new RobustBaseline(Stats.quantileSorted(sorted, 0.5), iqr > 0 ? iqr : 1.0);
  }

  public double deviation(double observed) {
    return Math.abs(observed - median) / iqr;
  }
}
