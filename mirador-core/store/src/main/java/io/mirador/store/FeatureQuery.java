package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Per-service, per-minute features of one tenant over a range of at most {@link #MAX_RANGE}.
 *
 * @param gauges the gauge metrics to average per service and minute (for example {@code
 *     process.cpu.utilization}); at most {@link #MAX_GAUGES}
 */
public record FeatureQuery(TenantId tenant, TimeRange range, List<String> gauges) {
  public static final Duration MAX_RANGE = Duration.ofDays(1);
  public static final int MAX_GAUGES = 32;

  /** Resource gauges of the OpenTelemetry semantic conventions that the RCA reads by default. */
  public static final List<String> DEFAULT_GAUGES =
      List.of(
          "process.cpu.utilization",
          "process.memory.usage",
          "system.cpu.utilization",
          "system.memory.utilization",
          "container.cpu.utilization",
          "container.memory.usage",
          "jvm.cpu.recent_utilization",
          "jvm.memory.used");

  public FeatureQuery {
    requireNonNull(tenant, "tenant");
    requireNonNull(range, "range");
    gauges = List.copyOf(gauges);
    if (range.duration().compareTo(MAX_RANGE) > 0) {
      throw new IllegalArgumentException(
          "feature range must be at most " + MAX_RANGE.toHours() + " hours");
    }
    if (gauges.size() > MAX_GAUGES) {
      throw new IllegalArgumentException("at most " + MAX_GAUGES + " gauges");
    }
  }

  /** The default gauges. */
  public static FeatureQuery of(TenantId tenant, TimeRange range) {
    return new FeatureQuery(tenant, range, DEFAULT_GAUGES);
  }
}
