package io.mirador.store;

import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The storage contract: what the core writes and reads, whatever carries it (the embedded engine or
 * a ClickHouse server or cluster). Every method is scoped to one tenant; no method returns another
 * tenant's rows. Implementations are thread-safe.
 */
public interface TelemetryStore extends AutoCloseable {

  /** Writes the spans of one tenant; returns the number of spans stored. */
  int writeSpans(TenantId tenant, Retention retention, List<ResourceSpans> spans);

  /** Writes the log records of one tenant; returns the number of records stored. */
  int writeLogs(TenantId tenant, Retention retention, List<ResourceLogs> logs);

  /** Writes the metric data points of one tenant; returns the number of points stored per type. */
  Map<MetricType, Integer> writeMetrics(
      TenantId tenant, Retention retention, List<ResourceMetrics> metrics);

  /**
   * Encodes the spans of one tenant for {@link #writeEncoded}, on the caller's thread. The default
   * keeps the resources and writes them with {@link #writeSpans} later.
   */
  default EncodedRows encodeSpans(TenantId tenant, Retention retention, List<ResourceSpans> spans) {
    return DeferredRows.spans(tenant, retention, spans);
  }

  /** Encodes the log records of one tenant for {@link #writeEncoded}; see {@link #encodeSpans}. */
  default EncodedRows encodeLogs(TenantId tenant, Retention retention, List<ResourceLogs> logs) {
    return DeferredRows.logs(tenant, retention, logs);
  }

  /**
   * Writes batches that this store encoded, all of one {@link EncodedRows.Kind} but of any tenants,
   * in as few inserts as it can; returns the rows stored. A failure may leave some of the batches
   * stored: callers retry them all, as after any failed write.
   *
   * @throws IllegalArgumentException if the batches are of several kinds or another store's
   */
  @SuppressWarnings("unchecked")
  default int writeEncoded(List<EncodedRows> batches) {
    Map<DeferredRows.Owner, List<Object>> groups = new LinkedHashMap<>();
    EncodedRows.Kind kind = batches.isEmpty() ? null : batches.get(0).kind();
    for (EncodedRows batch : batches) {
      if (!(batch instanceof DeferredRows deferred) || deferred.kind() != kind) {
        throw new IllegalArgumentException("batches of one kind, encoded by this store, expected");
      }
      groups.computeIfAbsent(deferred.owner(), g -> new ArrayList<>()).addAll(deferred.resources());
    }
    int rows = 0;
    for (Map.Entry<DeferredRows.Owner, List<Object>> group : groups.entrySet()) {
      DeferredRows.Owner owner = group.getKey();
      List<?> resources = group.getValue();
      rows +=
          kind == EncodedRows.Kind.SPANS
              ? writeSpans(owner.tenant(), owner.retention(), (List<ResourceSpans>) resources)
              : writeLogs(owner.tenant(), owner.retention(), (List<ResourceLogs>) resources);
    }
    return rows;
  }

  /**
   * The spans of one trace, oldest first, at most {@link #MAX_TRACE_SPANS}; empty when the tenant
   * has no such trace.
   */
  List<StoredSpan> trace(TenantId tenant, String traceId);

  /** The most spans {@link #trace} returns. */
  int MAX_TRACE_SPANS = 10_000;

  Page<StoredSpan> searchSpans(SpanQuery query);

  /**
   * Traces with at least one span that matches {@code query} (its criteria apply to single spans,
   * as in {@link #searchSpans}), newest first by their latest matching span, summarised over all of
   * their spans; keyset pages of at most {@code query.limit()} traces.
   */
  default Page<TraceSummary> searchTraces(SpanQuery query) {
    throw new UnsupportedOperationException("searchTraces");
  }

  Page<StoredLog> searchLogs(LogQuery query);

  List<MetricSeries> metricSeries(MetricQuery query);

  /**
   * The metrics of one tenant with points in {@code range}, by name and type, optionally only those
   * of one service or of one name; at most {@link MetricInfo#MAX_METRICS}, sorted by name and type.
   */
  default List<MetricInfo> metricCatalog(
      TenantId tenant,
      TimeRange range,
      java.util.Optional<String> service,
      java.util.Optional<String> name) {
    throw new UnsupportedOperationException("metricCatalog");
  }

  /**
   * Per-service, per-minute features for root-cause analysis (requests, errors, latency quantiles,
   * error logs, resource gauges), computed in the store, ordered by service and minute.
   */
  List<ServiceMinute> serviceFeatures(FeatureQuery query);

  /**
   * Per-operation, per-minute span figures (every span kind; the query's gauges are not used),
   * ordered by service, operation, kind and minute.
   */
  default List<OperationMinute> operationFeatures(FeatureQuery query) {
    throw new UnsupportedOperationException("operationFeatures");
  }

  /**
   * Per-service, per-minute log record counts by pattern (see {@link LogPatternMinute}), ordered by
   * service, minute and pattern; at most {@link #MAX_LOG_PATTERN_ROWS} rows.
   */
  default List<LogPatternMinute> logPatterns(FeatureQuery query) {
    throw new UnsupportedOperationException("logPatterns");
  }

  /**
   * Per-operation, per-minute counts of spans that contained each event (see {@link
   * SpanEventMinute}), ordered by service, operation, event and minute; at most {@link
   * #MAX_LOG_PATTERN_ROWS} rows.
   */
  default List<SpanEventMinute> spanEvents(FeatureQuery query) {
    throw new UnsupportedOperationException("spanEvents");
  }

  /**
   * Per-service, per-minute counts of consecutive event pairs inside spans (see {@link
   * EventPairMinute}), ordered by service, source, target and minute; at most {@link
   * #MAX_LOG_PATTERN_ROWS} rows.
   */
  default List<EventPairMinute> eventPairs(FeatureQuery query) {
    throw new UnsupportedOperationException("eventPairs");
  }

  /** Per-service, per-minute self time of spans (see {@link SelfTimeMinute}). */
  default List<SelfTimeMinute> selfTimes(FeatureQuery query) {
    return selfTimes(query, Set.of());
  }

  /** The most services {@link #selfTimes(FeatureQuery, Set)} takes as callers keeping gaps. */
  int MAX_GAPS_TO_CALLER = 100;

  /**
   * {@link #selfTimes(FeatureQuery)}, except that the gaps of the client calls that a service in
   * {@code gapsToCaller} makes are charged to that service instead of to its callees: a caller
   * starved of CPU stretches them from its own side.
   *
   * @throws IllegalArgumentException with more than {@link #MAX_GAPS_TO_CALLER} services
   */
  default List<SelfTimeMinute> selfTimes(FeatureQuery query, Set<String> gapsToCaller) {
    throw new UnsupportedOperationException("selfTimes");
  }

  /** The most rows {@link #logPatterns} returns. */
  int MAX_LOG_PATTERN_ROWS = 200_000;

  /** Service-to-service edges of one tenant in {@code range}. */
  List<DependencyEdge> dependencies(TenantId tenant, TimeRange range);

  /** Deletes every row of {@code tenant} in every table; returns the number of rows deleted. */
  long eraseTenant(TenantId tenant);

  /**
   * Deletes every row past its retention now, rather than at the engine's next merge. Operators run
   * it after lowering a tenant's retention; tests run it to see retention work.
   */
  void enforceRetention();

  /** The applied schema version. */
  int schemaVersion();

  /** Counters since the store opened. */
  StoreStats stats();

  @Override
  void close();
}
