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
   * Whether this store takes {@link InsertToken}s: {@link #writeEncoded(List, InsertToken)}, the
   * token form of {@link #writeMetrics}, {@link #persistable} and {@link #restore}. A store that
   * does not stores a repeated write twice; its callers are at-least-once.
   */
  default boolean deduplicates() {
    return false;
  }

  /**
   * {@link #writeEncoded(List)} as one write named {@code token}: the same call repeated with the
   * same token, after a crash or a failure, stores nothing that the first stored (store
   * RATIONALE.md, exactly once).
   *
   * @throws UnsupportedOperationException unless {@link #deduplicates()}
   */
  default int writeEncoded(List<EncodedRows> batches, InsertToken token) {
    throw new UnsupportedOperationException("this store does not deduplicate writes");
  }

  /**
   * {@link #writeMetrics(TenantId, Retention, List)} as one write named {@code token}; see {@link
   * #writeEncoded(List, InsertToken)}.
   *
   * @throws UnsupportedOperationException unless {@link #deduplicates()}
   */
  default Map<MetricType, Integer> writeMetrics(
      TenantId tenant, Retention retention, List<ResourceMetrics> metrics, InsertToken token) {
    throw new UnsupportedOperationException("this store does not deduplicate writes");
  }

  /**
   * Encoded rows as bytes that {@link #restore} turns back into the same rows, for a caller that
   * must be able to repeat a write after a crash; empty when the rows are not this store's. The
   * bytes are the rows' own, not a copy: the caller writes them out and must not change them.
   */
  default java.util.Optional<byte[]> persistable(EncodedRows rows) {
    return java.util.Optional.empty();
  }

  /**
   * The rows that {@link #persistable} turned into {@code persisted}, which this method keeps.
   *
   * @throws UnsupportedOperationException unless {@link #deduplicates()}
   */
  default EncodedRows restore(EncodedRows.Kind kind, int rows, byte[] persisted) {
    throw new UnsupportedOperationException("this store does not restore rows");
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

  /**
   * Per caller-callee edge and minute, the calls' wire gap and the callee's server time (see {@link
   * EdgeLatencyMinute}): client spans joined with their server children in another service, ordered
   * by caller, callee and minute; at most {@link #MAX_LOG_PATTERN_ROWS} rows.
   */
  default List<EdgeLatencyMinute> edgeLatencies(FeatureQuery query) {
    throw new UnsupportedOperationException("edgeLatencies");
  }

  /** The most rows {@link #logPatterns} returns. */
  int MAX_LOG_PATTERN_ROWS = 200_000;

  /** Service-to-service edges of one tenant in {@code range}. */
  List<DependencyEdge> dependencies(TenantId tenant, TimeRange range);

  /**
   * Adds redaction counts (any tenants). Counts of the same tenant, minute and kind add up: a read
   * sums them. Called by the ingest writer with the telemetry they describe. They are proof for an
   * auditor and hold no telemetry values: like the audit trail, they outlive the tenant's telemetry
   * retention and its erasure.
   */
  default void writeRedactions(List<RedactionMinute> rows) {
    throw new UnsupportedOperationException("writeRedactions");
  }

  /**
   * {@link #writeRedactions(List)} as one write named {@code token}; see {@link #writeEncoded(List,
   * InsertToken)}.
   *
   * @throws UnsupportedOperationException unless {@link #deduplicates()}
   */
  default void writeRedactions(List<RedactionMinute> rows, InsertToken token) {
    throw new UnsupportedOperationException("this store does not deduplicate writes");
  }

  /**
   * The redaction counts of one tenant in the query's range, sorted by count (largest first), then
   * bucket, source, action, signal and location.
   */
  default List<RedactionTotal> redactions(RedactionQuery query) {
    throw new UnsupportedOperationException("redactions");
  }

  /**
   * Reads the text values of one tenant's stored telemetry in {@code range} (span names, status
   * messages, event names, log bodies, and resource, scope, span, event, link, log, data-point and
   * exemplar attributes) and hands each to {@code visitor}, in pages, oldest first; stops after
   * {@code maxValues} values. For a PII scan: the store never keeps what the visitor sees.
   *
   * @throws IllegalArgumentException if {@code maxValues} is not positive
   */
  default TextScan scanText(
      TenantId tenant,
      TimeRange range,
      long maxValues,
      java.util.function.Consumer<StoredText> visitor) {
    throw new UnsupportedOperationException("scanText");
  }

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
