package io.mirador.rca.replay;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.TimeWindow;
import io.mirador.rca.online.CallEdge;
import io.mirador.rca.online.EdgeMinute;
import io.mirador.rca.online.EventPairMinute;
import io.mirador.rca.online.FeatureData;
import io.mirador.rca.online.FeatureSource;
import io.mirador.rca.online.OperationSpansMinute;
import io.mirador.rca.online.SelfTimeMinute;
import io.mirador.rca.online.SpanEventMinute;
import io.mirador.store.FeatureQuery;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The detection loop's {@link FeatureSource} over an embedded store, in process: each read is the
 * store call the core's feature endpoint makes for it ({@code /features} with the default gauges
 * and the window's dependencies, {@code /features/self-times}, {@code /event-pairs}, {@code
 * /operations}, {@code /span-events}, {@code /edges}), converted as the RCA service's core client
 * converts the answer. The HTTP hop, the token and the core's row cap are what it leaves out.
 */
final class StoreFeatureSource implements FeatureSource {
  private final TelemetryStore store;
  private final TenantId tenant;

  StoreFeatureSource(TelemetryStore store, TenantId tenant) {
    this.store = requireNonNull(store, "store");
    this.tenant = requireNonNull(tenant, "tenant");
  }

  @Override
  public FeatureData features(String tenantName, TimeWindow window) {
    TimeRange range = range(tenantName, window);
    return new FeatureData(
        store.serviceFeatures(new FeatureQuery(tenant, range, FeatureQuery.DEFAULT_GAUGES)).stream()
            .map(NezhaFeatures::online)
            .toList(),
        store.dependencies(tenant, range).stream()
            .map(
                e ->
                    new CallEdge(
                        e.caller(),
                        e.callee(),
                        e.calls(),
                        e.errors(),
                        e.latencyP50Nanos(),
                        e.latencyP95Nanos(),
                        e.latencyP99Nanos()))
            .toList());
  }

  @Override
  public List<SelfTimeMinute> selfTimes(
      String tenantName, TimeWindow window, Set<String> gapsToCaller) {
    return store.selfTimes(query(tenantName, window), gapsToCaller).stream()
        .map(
            m ->
                new SelfTimeMinute(
                    m.service(),
                    at(m.minuteStartUnixNano()),
                    m.spans(),
                    m.p50Nanos(),
                    m.p95Nanos()))
        .toList();
  }

  @Override
  public List<EventPairMinute> eventPairs(String tenantName, TimeWindow window) {
    return store.eventPairs(query(tenantName, window)).stream()
        .map(
            p ->
                new EventPairMinute(
                    p.service(), p.source(), p.target(), at(p.minuteStartUnixNano()), p.count()))
        .toList();
  }

  @Override
  public List<OperationSpansMinute> operations(String tenantName, TimeWindow window) {
    return store.operationFeatures(query(tenantName, window)).stream()
        .map(
            m ->
                new OperationSpansMinute(
                    m.service(), m.operation(), at(m.minuteStartUnixNano()), m.spans()))
        .toList();
  }

  @Override
  public List<SpanEventMinute> spanEvents(String tenantName, TimeWindow window) {
    return store.spanEvents(query(tenantName, window)).stream()
        .map(
            e ->
                new SpanEventMinute(
                    e.service(), e.operation(), e.event(), at(e.minuteStartUnixNano()), e.spans()))
        .toList();
  }

  @Override
  public List<EdgeMinute> edges(String tenantName, TimeWindow window) {
    return store.edgeLatencies(query(tenantName, window)).stream()
        .map(NezhaFeatures::online)
        .toList();
  }

  private FeatureQuery query(String tenantName, TimeWindow window) {
    return FeatureQuery.of(tenant, range(tenantName, window));
  }

  /** The store's range of {@code window}; the loop asks only for the run's own tenant. */
  private TimeRange range(String tenantName, TimeWindow window) {
    if (!tenant.value().equals(tenantName)) {
      throw new IllegalArgumentException("this source serves tenant " + tenant.value() + " only");
    }
    return TimeRange.of(window.start(), window.end());
  }

  private static Instant at(long unixNano) {
    return Instant.ofEpochSecond(0, unixNano);
  }
}
