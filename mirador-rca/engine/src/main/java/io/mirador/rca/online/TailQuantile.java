package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A feature that is a quantile of a minute's requests, with the feature that counts them: how many
 * requests stand behind the minute's value. A quantile at level p over n requests is set by the n(1
 * - p) requests above it (and the n p below); when that expected count is small the value is one or
 * two requests, not the service's latency (see RATIONALE.md, "a minute's quantile over a handful of
 * requests").
 *
 * @param feature the quantile feature, as the feature table names it
 * @param level its quantile level, in (0, 1)
 * @param countFeature the feature holding the minute's requests (or a rate of them)
 * @param countScale what {@code countFeature} is multiplied by to give requests in the minute (1
 *     for a count, 60 for a rate per second)
 */
public record TailQuantile(String feature, double level, String countFeature, double countScale) {
  /** The span features of the core: latency p50 / p95 / p99 over the minute's requests. */
  public static final List<TailQuantile> SPAN_LATENCIES =
      List.of(
          new TailQuantile(FeatureTable.P50, 0.50, FeatureTable.REQUESTS, 1),
          new TailQuantile(FeatureTable.P95, 0.95, FeatureTable.REQUESTS, 1),
          new TailQuantile(FeatureTable.P99, 0.99, FeatureTable.REQUESTS, 1));

  public TailQuantile {
    requireNonNull(feature, "feature");
    requireNonNull(countFeature, "countFeature");
    if (feature.isEmpty() || countFeature.isEmpty()) {
      throw new IllegalArgumentException("feature and countFeature must not be empty");
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), got " + level);
    }
    if (!(countScale > 0 && Double.isFinite(countScale))) {
      throw new IllegalArgumentException("countScale must be positive, got " + countScale);
    }
  }

  /**
   * The fewer of the requests expected on either side of the quantile in a minute of {@code
   * requests}: n min(p, 1 - p). NaN stays NaN (the count is unknown).
   */
  public double tailRequests(double requests) {
    return requests * countScale * Math.min(level, 1 - level);
  }
}
