package io.mirador.store;

import java.util.List;
import java.util.Map;

/** One series of a metric query: an attribute set and its points in time order. */
public record MetricSeries(Map<String, String> attributes, List<Point> points) {
  public MetricSeries {
    attributes = Map.copyOf(attributes);
    points = List.copyOf(points);
  }

  /**
   * One step: its start, the aggregated value, and how many data points (observations, for the
   * histogram types) it covers.
   */
  public record Point(long stepStartUnixNano, double value, long count) {}
}
