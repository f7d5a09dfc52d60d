package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.AttributeValues.writeHexId;
import static io.mirador.store.clickhouse.AttributeValues.writeMap;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.List;

/** Encodes OTLP log records as rows of {@code otel_logs}. */
final class LogRows {
  static final List<String> COLUMNS =
      List.of(
          "TenantId",
          "RetentionDays",
          "Timestamp",
          "TraceId",
          "SpanId",
          "TraceFlags",
          "SeverityText",
          "SeverityNumber",
          "ServiceName",
          "Body",
          "ResourceSchemaUrl",
          "ResourceAttributes",
          "ScopeSchemaUrl",
          "ScopeName",
          "ScopeVersion",
          "ScopeAttributes",
          "LogAttributes");

  private LogRows() {}

  /** Writes every record of {@code resourceLogs}; returns the number of rows. */
  static int write(RowSink sink, String tenant, int retentionDays, ResourceLogs resourceLogs) {
    String service = ServiceNames.of(resourceLogs.getResource());
    int rows = 0;
    for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
      for (LogRecord log : scopeLogs.getLogRecordsList()) {
        sink.beginRow();
        sink.string(tenant);
        sink.uint16(retentionDays);
        // A record without an event time is placed at the time it was observed, as the spec
        // advises; with neither it is kept at the epoch rather than dropped.
        long time =
            log.getTimeUnixNano() != 0 ? log.getTimeUnixNano() : log.getObservedTimeUnixNano();
        sink.dateTime64Nanos(time);
        writeHexId(sink, log.getTraceId());
        writeHexId(sink, log.getSpanId());
        sink.uint8(log.getFlags() & 0xFF);
        sink.string(log.getSeverityText());
        sink.uint8(log.getSeverityNumberValue());
        sink.string(service);
        sink.string(AttributeValues.asString(log.getBody()));
        sink.string(resourceLogs.getSchemaUrl());
        writeMap(sink, resourceLogs.getResource().getAttributesList());
        sink.string(scopeLogs.getSchemaUrl());
        sink.string(scopeLogs.getScope().getName());
        sink.string(scopeLogs.getScope().getVersion());
        writeMap(sink, scopeLogs.getScope().getAttributesList());
        writeMap(sink, log.getAttributesList());
        sink.endRow();
        rows++;
      }
    }
    return rows;
  }
}
