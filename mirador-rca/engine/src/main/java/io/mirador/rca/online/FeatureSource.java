package io.mirador.rca.online;

import io.mirador.rca.TimeWindow;
import java.util.List;
import java.util.Set;

/**
 * Where the online RCA reads telemetry features: the core's feature endpoint in the service, an
 * in-memory table in tests. The engine never reads storage itself.
 */
@FunctionalInterface
public interface FeatureSource {
  /**
   * Per-service-minute features of every minute that starts in {@code window}, and the call edges
   * seen in it.
   *
   * @throws SourceException when the source refuses or cannot answer
   */
  FeatureData features(String tenant, TimeWindow window);

  /**
   * Event pairs inside the spans of every minute that starts in {@code window}. A source without
   * them (one that predates the feature) returns none, and the RCA ranks on metrics alone.
   *
   * @throws SourceException when the source refuses or cannot answer
   */
  default List<EventPairMinute> eventPairs(String tenant, TimeWindow window) {
    return List.of();
  }

  /**
   * Self time per service of every minute that starts in {@code window}, with the client calls'
   * gaps of the services in {@code gapsToCaller} charged to them instead of their callees (callers
   * starved of CPU, {@link io.mirador.rca.CpuStarved}). A source without self times returns none,
   * and the RCA orders the services by their features alone.
   *
   * @throws SourceException when the source refuses or cannot answer
   */
  default List<SelfTimeMinute> selfTimes(
      String tenant, TimeWindow window, Set<String> gapsToCaller) {
    return List.of();
  }

  /**
   * Spans per operation of every minute that starts in {@code window}. A source without them
   * returns none, and the RCA orders the services without the operations' events.
   *
   * @throws SourceException when the source refuses or cannot answer
   */
  default List<OperationSpansMinute> operations(String tenant, TimeWindow window) {
    return List.of();
  }

  /**
   * Spans per operation and event (calls, log patterns inside spans) of every minute that starts in
   * {@code window}; see {@link #operations}.
   *
   * @throws SourceException when the source refuses or cannot answer
   */
  default List<SpanEventMinute> spanEvents(String tenant, TimeWindow window) {
    return List.of();
  }

  /**
   * Per caller-callee edge, the calls of every minute that starts in {@code window} split into wire
   * gap and server time. A source without them returns none, and the RCA ranks without the network
   * signal and without per-edge evidence.
   *
   * @throws SourceException when the source refuses or cannot answer
   */
  default List<EdgeMinute> edges(String tenant, TimeWindow window) {
    return List.of();
  }
}
