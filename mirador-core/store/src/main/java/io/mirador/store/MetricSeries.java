package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * One series of a metric query: the service that reported it ({@code service.name}), its data point
 * attribute set, and its points in time order.
 */
public record MetricSeries(String service, Map<String, String> attributes, List<Point> points) {
  public MetricSeries {
    requireNonNull(service, "service");
    attributes = Map.copyOf(attributes);
    points = List.copyOf(points);
  }

  /**
   * One step: its start, the aggregated value, and how many data points (observations, for the
   * histogram types) it covers.
   */
  public record Point(long stepStartUnixNano, double value, long count) {}
}
