package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A metric series query: one metric of one type in one tenant, optionally of one service, split
 * into series by service and attribute set and aggregated into steps.
 *
 * <p>Gauges and sums: the value aggregations ({@code avg, min, max, sum, last}) apply to the stored
 * values as they are. {@code rate} and {@code increase} apply to monotonic sums: per stream
 * (resource, scope and attribute set) the increase between consecutive points of a cumulative sum
 * (a drop or a new start time is a counter reset: the increase is then the new value), or the value
 * of a delta point, is charged to the step of the later point; the streams of a series are added;
 * {@code rate} divides by the seconds of the step inside the window.
 *
 * <p>Histograms: the same per-stream increase of the bucket counts, count and sum, then {@code
 * p50..p99} interpolated within the bucket that holds the quantile, {@code avg} the mean
 * observation, {@code rate} observations per second and {@code increase} observations; exponential
 * histograms the same, their buckets aligned to the coarser scale of two points. Summaries: {@code
 * avg} (sum / count).
 *
 * @param service only this {@code service.name}, when present
 * @param attributes data point attributes that must equal the given values
 * @param step the width of each step, 1 second to 1 day
 */
public record MetricQuery(
    TenantId tenant,
    String metricName,
    MetricType type,
    TimeRange range,
    Map<String, String> attributes,
    Duration step,
    Aggregation aggregation,
    Optional<String> service) {

  /** The most steps a query may produce per series. */
  public static final int MAX_STEPS = 11_000;

  /** The most series a query returns. */
  public static final int MAX_SERIES = 1_000;

  /** How the data points within a step combine. */
  public enum Aggregation {
    AVG,
    MIN,
    MAX,
    SUM,
    /** The value of the latest point in the step. */
    LAST,
    /** Increase per second (monotonic sums; observations per second for histograms). */
    RATE,
    /** Increase in the step (monotonic sums; observations for histograms). */
    INCREASE,
    P50(0.50),
    P90(0.90),
    P95(0.95),
    P99(0.99);

    private final double quantile;

    Aggregation() {
      this(Double.NaN);
    }

    Aggregation(double quantile) {
      this.quantile = quantile;
    }

    /** The quantile (0.5 for p50), or NaN for the other aggregations. */
    public double quantile() {
      return quantile;
    }

    public boolean isQuantile() {
      return !Double.isNaN(quantile);
    }

    /** What the stored values of a point's increase are aggregated with, per type. */
    public static Set<Aggregation> accepted(MetricType type, boolean monotonic) {
      return switch (type) {
        case GAUGE -> EnumSet.of(AVG, MIN, MAX, SUM, LAST);
        case SUM ->
            monotonic
                ? EnumSet.of(RATE, INCREASE, AVG, MIN, MAX, SUM, LAST)
                : EnumSet.of(AVG, MIN, MAX, SUM, LAST);
        case HISTOGRAM -> EnumSet.of(P50, P90, P95, P99, AVG, RATE, INCREASE);
        case EXPONENTIAL_HISTOGRAM -> EnumSet.of(P50, P90, P95, P99, AVG, RATE, INCREASE);
        case SUMMARY -> EnumSet.of(AVG);
      };
    }

    /**
     * What a person most likely wants when they name none: the average of a gauge or of a
     * non-monotonic sum (a current value such as memory in use), the per-second rate of a counter,
     * the 95th percentile of a histogram, the mean observation of a summary.
     */
    public static Aggregation defaultFor(MetricType type, boolean monotonic) {
      return switch (type) {
        case GAUGE -> AVG;
        case SUM -> monotonic ? RATE : AVG;
        case HISTOGRAM, EXPONENTIAL_HISTOGRAM -> P95;
        case SUMMARY -> AVG;
      };
    }
  }

  public MetricQuery {
    requireNonNull(tenant, "tenant");
    requireNonNull(metricName, "metricName");
    requireNonNull(type, "type");
    requireNonNull(range, "range");
    requireNonNull(step, "step");
    requireNonNull(aggregation, "aggregation");
    requireNonNull(service, "service");
    attributes = Map.copyOf(attributes);
    if (metricName.isEmpty() || metricName.length() > 255) {
      throw new IllegalArgumentException("metricName must be 1 to 255 characters");
    }
    if (step.compareTo(Duration.ofSeconds(1)) < 0 || step.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("step must be between 1 second and 1 day");
    }
    if (step.toNanosPart() != 0) {
      throw new IllegalArgumentException("step must be whole seconds");
    }
    if (range.duration().dividedBy(step) > MAX_STEPS) {
      throw new IllegalArgumentException("range / step must be at most " + MAX_STEPS + " steps");
    }
    if (!Aggregation.accepted(type, true).contains(aggregation)) {
      throw new IllegalArgumentException(
          "aggregation "
              + aggregation.name().toLowerCase(java.util.Locale.ROOT)
              + " does not apply to a "
              + type.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** A query over every service. */
  public MetricQuery(
      TenantId tenant,
      String metricName,
      MetricType type,
      TimeRange range,
      Map<String, String> attributes,
      Duration step,
      Aggregation aggregation) {
    this(tenant, metricName, type, range, attributes, step, aggregation, Optional.empty());
  }
}
