package io.mirador.core.ingest;

import io.mirador.store.MetricType;
import io.mirador.store.Retention;
import io.mirador.store.StoreException;
import io.mirador.store.StoreStats;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A store double for the pipeline's unit tests: records what was written per tenant and can be made
 * to fail. The real store runs in the service's tests.
 */
final class RecordingStore extends WriteOnlyStore {
  record Write(TenantId tenant, Retention retention, List<?> resources, int rows) {}

  final List<Write> writes = new ArrayList<>();
  final List<io.mirador.store.RedactionMinute> redactions = new ArrayList<>();
  volatile boolean failing;
  volatile boolean redactionsFailing;

  @Override
  public synchronized void writeRedactions(List<io.mirador.store.RedactionMinute> rows) {
    check();
    if (redactionsFailing) {
      throw new StoreException("Code: 999. redactions table unavailable (test)");
    }
    redactions.addAll(rows);
  }

  private void check() {
    if (failing) {
      throw new StoreException("Code: 999. connection refused (test)");
    }
  }

  @Override
  public synchronized int writeSpans(
      TenantId tenant, Retention retention, List<ResourceSpans> spans) {
    check();
    int rows =
        spans.stream()
            .flatMap(r -> r.getScopeSpansList().stream())
            .mapToInt(s -> s.getSpansCount())
            .sum();
    writes.add(new Write(tenant, retention, List.copyOf(spans), rows));
    return rows;
  }

  @Override
  public synchronized int writeLogs(TenantId tenant, Retention retention, List<ResourceLogs> logs) {
    check();
    int rows =
        logs.stream()
            .flatMap(r -> r.getScopeLogsList().stream())
            .mapToInt(s -> s.getLogRecordsCount())
            .sum();
    writes.add(new Write(tenant, retention, List.copyOf(logs), rows));
    return rows;
  }

  @Override
  public synchronized Map<MetricType, Integer> writeMetrics(
      TenantId tenant, Retention retention, List<ResourceMetrics> metrics) {
    check();
    int rows =
        metrics.stream()
            .flatMap(r -> r.getScopeMetricsList().stream())
            .flatMap(s -> s.getMetricsList().stream())
            .mapToInt(OtlpValidation::points)
            .sum();
    writes.add(new Write(tenant, retention, List.copyOf(metrics), rows));
    Map<MetricType, Integer> out = new EnumMap<>(MetricType.class);
    out.put(MetricType.GAUGE, rows);
    return out;
  }

  synchronized int rows(TenantId tenant) {
    return writes.stream().filter(w -> w.tenant().equals(tenant)).mapToInt(Write::rows).sum();
  }

  @Override
  public int schemaVersion() {
    return 1;
  }

  @Override
  public StoreStats stats() {
    return new StoreStats(0, 0, 0, 0, 0, 0);
  }
}
