package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;

/**
 * A metric series query: one metric of one type in one tenant, split into series by attribute set
 * and aggregated into steps.
 *
 * <p>For gauges and sums the aggregation applies to the data points' values. For histograms,
 * exponential histograms and summaries each step's value is the mean observation ({@code sum of Sum
 * / sum of Count}) whatever the aggregation, and {@code count} is the number of observations.
 *
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
    Aggregation aggregation) {

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
    LAST
  }

  public MetricQuery {
    requireNonNull(tenant, "tenant");
    requireNonNull(metricName, "metricName");
    requireNonNull(type, "type");
    requireNonNull(range, "range");
    requireNonNull(step, "step");
    requireNonNull(aggregation, "aggregation");
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
  }
}
