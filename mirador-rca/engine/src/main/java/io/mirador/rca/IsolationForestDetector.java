package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import smile.anomaly.IsolationForest;
import smile.math.MathEx;

/**
 * Isolation Forest (Liu, Ting, Zhou 2008) over smile-core: 100 trees of 256 samples each, trained
 * on a baseline, with per-feature contributions that explain a score.
 */
public final class IsolationForestDetector {
  public static final int TREES = 100;
  public static final int SAMPLES_PER_TREE = 256;

  private final IsolationForest forest;
  private final double[] reference;
  private final int dimensions;

  private IsolationForestDetector(IsolationForest forest, double[] reference) {
    this.forest = forest;
    this.reference = reference;
    this.dimensions = reference.length;
  }

  /** Trains on {@code baseline} (rows of equal length, finite values) with a fixed seed. */
  public static IsolationForestDetector fit(double[][] baseline, long seed) {
    requireNonNull(baseline, "baseline");
    if (baseline.length < 2) {
      throw new IllegalArgumentException("baseline needs at least 2 rows, got " + baseline.length);
    }
    int d = baseline[0].length;
    if (d == 0) {
      throw new IllegalArgumentException("baseline rows have no features");
    }
    for (int i = 0; i < baseline.length; i++) {
      if (baseline[i].length != d) {
        throw new IllegalArgumentException(
            "baseline row " + i + " has " + baseline[i].length + " features, expected " + d);
      }
      for (double v : baseline[i]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("baseline row " + i + " has a non-finite value");
        }
      }
    }
    // smile takes a sampling rate below 1; a baseline under 256 rows gives each tree all but one.
    double subsample =
        Math.min(
            (double) SAMPLES_PER_TREE / baseline.length, (baseline.length - 1.0) / baseline.length);
    var options = new IsolationForest.Options(TREES, 0, subsample, 0);
    // smile draws from a thread-local generator inside a parallel stream: fitting in a pool of one
    // thread, seeded first, makes the forest depend on the seed alone.
    try (var pool = new ForkJoinPool(1)) {
      IsolationForest forest =
          pool.submit(
                  () -> {
                    MathEx.setSeed(seed);
                    return IsolationForest.fit(baseline, options);
                  })
              .get();
      return new IsolationForestDetector(forest, columnMedians(baseline));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fitting", e);
    } catch (ExecutionException e) {
      throw new IllegalArgumentException("fitting failed: " + e.getCause().getMessage(), e);
    }
  }

  public int dimensions() {
    return dimensions;
  }

  /** Anomaly score in (0, 1]: about 0.5 for ordinary points, close to 1 for isolated ones. */
  public double score(double[] x) {
    checkDimensions(x);
    return forest.score(x);
  }

  public double[] score(double[][] rows) {
    requireNonNull(rows, "rows");
    for (double[] row : rows) {
      checkDimensions(row);
    }
    return forest.score(rows);
  }

  /**
   * Contribution of each feature to {@code score(x)}: how much the score drops when that feature
   * alone is replaced by its baseline median. Sorted by contribution, largest first.
   */
  public List<FeatureContribution> explain(double[] x, List<String> names) {
    checkDimensions(x);
    requireNonNull(names, "names");
    if (names.size() != dimensions) {
      throw new IllegalArgumentException(
          "names has " + names.size() + " entries, expected " + dimensions);
    }
    double full = forest.score(x);
    var out = new ArrayList<FeatureContribution>(dimensions);
    double[] probe = x.clone();
    for (int j = 0; j < dimensions; j++) {
      probe[j] = reference[j];
      double without = forest.score(probe);
      probe[j] = x[j];
      out.add(new FeatureContribution(names.get(j), x[j], reference[j], full - without));
    }
    out.sort(Comparator.comparingDouble(FeatureContribution::contribution).reversed());
    return List.copyOf(out);
  }

  private void checkDimensions(double[] x) {
    requireNonNull(x, "x");
    if (x.length != dimensions) {
      throw new IllegalArgumentException(
          "point has " + x.length + " features, expected " + dimensions);
    }
  }

  private static double[] columnMedians(double[][] rows) {
    int d = rows[0].length;
    double[] medians = new double[d];
    double[] column = new double[rows.length];
    for (int j = 0; j < d; j++) {
      for (int i = 0; i < rows.length; i++) {
        column[i] = rows[i][j];
      }
      Arrays.sort(column);
      medians[j] = Stats.quantileSorted(column, 0.5);
    }
    return medians;
  }
}
