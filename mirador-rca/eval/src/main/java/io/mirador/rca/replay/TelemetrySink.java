package io.mirador.rca.replay;

import io.mirador.store.TenantId;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * Where replayed OTLP requests go: the store directly ({@link StoreSink}), or the core's ingest
 * pipeline once it exists. A sink stores the request or throws.
 */
public interface TelemetrySink {
  void accept(TenantId tenant, ExportTraceServiceRequest request);

  void accept(TenantId tenant, ExportLogsServiceRequest request);

  void accept(TenantId tenant, ExportMetricsServiceRequest request);

  /** What this sink is, for the eval's first output line. */
  String describe();
}
