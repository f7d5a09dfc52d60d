package io.mirador.store.clickhouse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Quantiles of explicit-bucket histograms, interpolated within the bucket that holds them (as
 * Prometheus' {@code histogram_quantile}), over one or several histograms that may have different
 * bounds: each bucket is taken as its count spread evenly over its range, and the quantile is where
 * the sum of those pieces reaches its share of the total.
 *
 * <p>The open-ended buckets get finite edges: the first from the smallest observation (the points'
 * {@code Min}) or 0 when its upper bound is positive, the last up to the largest observation
 * ({@code Max}) or its lower bound when no larger maximum is known.
 */
final class BucketQuantiles {
  private final List<double[]> pieces = new ArrayList<>(); // {lower, upper, count}
  private double total;

  /**
   * Adds one histogram's bucket counts ({@code bounds.length + 1} of them; extra or missing counts
   * are ignored) and, when known (finite), its smallest and largest observation.
   */
  void add(double[] bounds, long[] counts, double min, double max) {
    int buckets = Math.min(counts.length, bounds.length + 1);
    for (int i = 0; i < buckets; i++) {
      long count = counts[i];
      if (count <= 0) {
        continue;
      }
      double lower;
      double upper;
      if (bounds.length == 0) {
        lower = Double.isFinite(min) ? min : 0;
        upper = Double.isFinite(max) ? max : lower;
      } else if (i == 0) {
        upper = bounds[0];
        lower = Double.isFinite(min) && min < upper ? min : (upper > 0 ? 0 : upper);
      } else if (i == bounds.length) {
        lower = bounds[i - 1];
        upper = Double.isFinite(max) && max > lower ? max : lower;
      } else {
        lower = bounds[i - 1];
        upper = bounds[i];
      }
      pieces.add(new double[] {lower, Math.max(lower, upper), count});
      total += count;
    }
  }

  /** Adds {@code count} observations spread evenly over {@code [lower, upper]}. */
  void addPiece(double lower, double upper, long count) {
    if (count > 0) {
      pieces.add(new double[] {lower, Math.max(lower, upper), count});
      total += count;
    }
  }

  /** How many observations were added. */
  double count() {
    return total;
  }

  /** The {@code q} quantile (0 to 1), or NaN when nothing was added. */
  double quantile(double q) {
    if (total <= 0) {
      return Double.NaN;
    }
    double target = Math.min(Math.max(q, 0), 1) * total;
    // Breakpoints of the piecewise-linear cumulative count: every piece's edges.
    List<Double> edges = new ArrayList<>();
    for (double[] p : pieces) {
      edges.add(p[0]);
      edges.add(p[1]);
    }
    edges.sort(Comparator.naturalOrder());
    double previousEdge = edges.getFirst();
    double previousCdf = cumulative(previousEdge);
    if (previousCdf >= target) {
      return previousEdge;
    }
    for (double edge : edges) {
      if (edge <= previousEdge) {
        continue;
      }
      double cdf = cumulative(edge);
      if (cdf >= target) {
        double share = (target - previousCdf) / (cdf - previousCdf);
        return previousEdge + share * (edge - previousEdge);
      }
      previousEdge = edge;
      previousCdf = cdf;
    }
    return previousEdge;
  }

  /** Observations at or below {@code x}: point-like pieces count whole once reached. */
  private double cumulative(double x) {
    double sum = 0;
    for (double[] p : pieces) {
      if (x >= p[1]) {
        sum += p[2];
      } else if (x > p[0]) {
        sum += p[2] * (x - p[0]) / (p[1] - p[0]);
      }
    }
    return sum;
  }
}
