package io.mirador.core.service.ingest;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.security.SecureRandom;
import java.util.HexFormat;

/** OTLP requests with random trace ids, for the ingest tests. */
final class OtlpData {
  private static final SecureRandom RANDOM = new SecureRandom();

  private OtlpData() {}

  static String traceId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    b[0] |= 1;
    return HexFormat.of().formatHex(b);
  }

  static ExportTraceServiceRequest trace(String traceId, String service, int spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int i = 0; i < spans; i++) {
      byte[] spanId = new byte[8];
      RANDOM.nextBytes(spanId);
      spanId[0] |= 1;
      scope.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.fromHex(traceId))
              .setSpanId(ByteString.copyFrom(spanId))
              .setName("GET /cart")
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(now - 2_000_000)
              .setEndTimeUnixNano(now)
              .addAttributes(kv("http.route", "/cart"))
              .addAttributes(kv("user.email", "jane.doe@example.com")));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", service)))
                .addScopeSpans(scope))
        .build();
  }

  static ExportLogsServiceRequest logs(String traceId, String service, String body) {
    long now = System.currentTimeMillis() * 1_000_000L;
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", service)))
                .addScopeLogs(
                    ScopeLogs.newBuilder()
                        .addLogRecords(
                            LogRecord.newBuilder()
                                .setTimeUnixNano(now)
                                .setObservedTimeUnixNano(now)
                                .setSeverityNumber(
                                    io.opentelemetry.proto.logs.v1.SeverityNumber
                                        .SEVERITY_NUMBER_ERROR)
                                .setSeverityText("ERROR")
                                .setTraceId(ByteString.fromHex(traceId))
                                .setBody(AnyValue.newBuilder().setStringValue(body)))))
        .build();
  }

  static ExportMetricsServiceRequest gauge(String service, String name, double value) {
    long now = System.currentTimeMillis() * 1_000_000L;
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", service)))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(
                            Metric.newBuilder()
                                .setName(name)
                                .setGauge(
                                    Gauge.newBuilder()
                                        .addDataPoints(
                                            NumberDataPoint.newBuilder()
                                                .setTimeUnixNano(now)
                                                .setAsDouble(value))))))
        .build();
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
