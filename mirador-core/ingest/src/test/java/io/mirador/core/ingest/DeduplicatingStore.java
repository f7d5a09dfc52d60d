package io.mirador.core.ingest;

import io.mirador.store.EncodedRows;
import io.mirador.store.InsertToken;
import io.mirador.store.MetricType;
import io.mirador.store.RedactionMinute;
import io.mirador.store.Retention;
import io.mirador.store.StoreException;
import io.mirador.store.StoreStats;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A store double for the writer's exactly-once logic, with the engine's rule as the store's IT
 * measures it on the real engine: a write under a token seen before is dropped whole. It keeps the
 * span ids it stored, so that a test sees a span stored twice. Metrics count points per token part.
 */
final class DeduplicatingStore extends WriteOnlyStore {
  private final Set<String> tokens = new HashSet<>();
  final List<String> spanIds = new ArrayList<>();
  final List<RedactionMinute> redactions = new ArrayList<>();
  int metricWrites;
  int droppedWrites;
  volatile boolean failing;

  /** Spans kept as their OTLP bytes: what this double "encodes". */
  private record Rows(Kind kind, byte[] bytes, int rows) implements EncodedRows {}

  @Override
  public boolean deduplicates() {
    return true;
  }

  @Override
  public EncodedRows encodeSpans(TenantId tenant, Retention retention, List<ResourceSpans> spans) {
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder().addAllResourceSpans(spans).build();
    int rows = 0;
    for (ResourceSpans r : spans) {
      for (ScopeSpans s : r.getScopeSpansList()) {
        rows += s.getSpansCount();
      }
    }
    return new Rows(EncodedRows.Kind.SPANS, request.toByteArray(), rows);
  }

  @Override
  public java.util.Optional<byte[]> persistable(EncodedRows rows) {
    return java.util.Optional.of(((Rows) rows).bytes().clone());
  }

  @Override
  public EncodedRows restore(EncodedRows.Kind kind, int rows, byte[] persisted) {
    return new Rows(kind, persisted.clone(), rows);
  }

  private synchronized boolean firstTime(InsertToken token) {
    if (failing) {
      throw new StoreException("Code: 999. connection refused (test)");
    }
    if (!tokens.add(token.value())) {
      droppedWrites++;
      return false;
    }
    return true;
  }

  @Override
  public synchronized int writeEncoded(List<EncodedRows> batches, InsertToken token) {
    if (!firstTime(token)) {
      return batches.stream().mapToInt(EncodedRows::rows).sum();
    }
    int n = 0;
    for (EncodedRows b : batches) {
      try {
        for (ResourceSpans r :
            ExportTraceServiceRequest.parseFrom(((Rows) b).bytes()).getResourceSpansList()) {
          for (ScopeSpans s : r.getScopeSpansList()) {
            for (Span span : s.getSpansList()) {
              spanIds.add(java.util.HexFormat.of().formatHex(span.getSpanId().toByteArray()));
              n++;
            }
          }
        }
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalArgumentException(e);
      }
    }
    return n;
  }

  @Override
  public synchronized Map<MetricType, Integer> writeMetrics(
      TenantId tenant, Retention retention, List<ResourceMetrics> metrics, InsertToken token) {
    if (firstTime(token.part(MetricType.GAUGE.name()))) {
      metricWrites++;
    }
    return Map.of(MetricType.GAUGE, metrics.size());
  }

  @Override
  public synchronized void writeRedactions(List<RedactionMinute> rows, InsertToken token) {
    if (firstTime(token)) {
      redactions.addAll(rows);
    }
  }

  // Nothing below is used by the writer's exactly-once path.

  @Override
  public int writeSpans(TenantId tenant, Retention retention, List<ResourceSpans> spans) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int writeLogs(TenantId tenant, Retention retention, List<ResourceLogs> logs) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Map<MetricType, Integer> writeMetrics(
      TenantId tenant, Retention retention, List<ResourceMetrics> metrics) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int schemaVersion() {
    return 7;
  }

  @Override
  public StoreStats stats() {
    return new StoreStats(spanIds.size(), 0, 0, 0, 0, 0);
  }
}
