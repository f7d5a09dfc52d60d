package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What the store holds of one metric name and type in a window: its unit and description (as the
 * instrument declared them), whether a sum is monotonic and how its points are aggregated over
 * time, and the services that reported it.
 *
 * @param monotonic for sums only: whether the sum only goes up (a counter)
 * @param temporality for sums and histograms: how the points accumulate
 * @param services the {@code service.name}s that reported it, sorted, at most {@link #MAX_SERVICES}
 */
public record MetricInfo(
    String name,
    MetricType type,
    String unit,
    String description,
    Optional<Boolean> monotonic,
    Optional<Temporality> temporality,
    List<String> services) {
  /** The most services listed per metric. */
  public static final int MAX_SERVICES = 100;

  /** The most metrics a catalog lists. */
  public static final int MAX_METRICS = 10_000;

  /** OTLP aggregation temporality. */
  public enum Temporality {
    /** Each point covers the interval since the previous one. */
    DELTA,
    /** Each point is a running total since the stream's start time. */
    CUMULATIVE,
    /** The stream's points declare several temporalities (one per service, usually). */
    MIXED
  }

  public MetricInfo {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    requireNonNull(unit, "unit");
    requireNonNull(description, "description");
    requireNonNull(monotonic, "monotonic");
    requireNonNull(temporality, "temporality");
    services = List.copyOf(services);
  }
}
