package io.mirador.rca;

import java.util.Arrays;

/** Order statistics shared by the scorers. */
final class Stats {
  private Stats() {}

  /** Linear-interpolated quantile (numpy's default) of an ascending array. */
  static double quantileSorted(double[] sorted, double q) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  static double[] sortedFinite(double[] values) {
    return Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
  }
}
