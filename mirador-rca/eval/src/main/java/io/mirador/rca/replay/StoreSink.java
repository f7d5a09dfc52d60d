package io.mirador.rca.replay;

import static java.util.Objects.requireNonNull;

import io.mirador.store.Retention;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * Writes requests straight into a {@link TelemetryStore}, skipping the core's ingest stages (replay
 * check, open, residency, redaction). Used while the core's ingest pipeline does not exist.
 */
final class StoreSink implements TelemetrySink {
  private final TelemetryStore store;
  private final Retention retention;

  StoreSink(TelemetryStore store, Retention retention) {
    this.store = requireNonNull(store, "store");
    this.retention = requireNonNull(retention, "retention");
  }

  @Override
  public void accept(TenantId tenant, ExportTraceServiceRequest request) {
    store.writeSpans(tenant, retention, request.getResourceSpansList());
  }

  @Override
  public void accept(TenantId tenant, ExportLogsServiceRequest request) {
    store.writeLogs(tenant, retention, request.getResourceLogsList());
  }

  @Override
  public void accept(TenantId tenant, ExportMetricsServiceRequest request) {
    store.writeMetrics(tenant, retention, request.getResourceMetricsList());
  }

  @Override
  public String describe() {
    return "direct store write (TelemetryStore.write*), NOT the core's ingest pipeline";
  }
}
