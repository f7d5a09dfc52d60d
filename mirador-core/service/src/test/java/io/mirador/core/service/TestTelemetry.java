package io.mirador.core.service;

import com.google.protobuf.ByteString;
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
import io.opentelemetry.proto.trace.v1.Status;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Builds OTLP data for the API tests. */
public final class TestTelemetry {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestTelemetry() {}

  public static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  public static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static Resource resource(String service) {
    return Resource.newBuilder().addAttributes(attr("service.name", service)).build();
  }

  public static Span span(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      Span.SpanKind kind,
      long startNanos,
      long durationNanos,
      boolean error,
      Map<String, String> attributes) {
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(ByteString.fromHex(traceId))
            .setSpanId(ByteString.fromHex(spanId))
            .setName(name)
            .setKind(kind)
            .setStartTimeUnixNano(startNanos)
            .setEndTimeUnixNano(startNanos + durationNanos)
            .setStatus(
                Status.newBuilder()
                    .setCode(
                        error
                            ? Status.StatusCode.STATUS_CODE_ERROR
                            : Status.StatusCode.STATUS_CODE_OK));
    if (parentSpanId != null) {
      span.setParentSpanId(ByteString.fromHex(parentSpanId));
    }
    attributes.forEach((k, v) -> span.addAttributes(attr(k, v)));
    return span.build();
  }

  public static ResourceSpans spans(String service, List<Span> spans) {
    return ResourceSpans.newBuilder()
        .setResource(resource(service))
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))
        .build();
  }

  public static LogRecord log(long nanos, int severity, String body, String traceId) {
    LogRecord.Builder log =
        LogRecord.newBuilder()
            .setTimeUnixNano(nanos)
            .setSeverityNumberValue(severity)
            .setBody(AnyValue.newBuilder().setStringValue(body));
    if (traceId != null) {
      log.setTraceId(ByteString.fromHex(traceId));
    }
    return log.build();
  }

  public static ResourceLogs logs(String service, List<LogRecord> records) {
    return ResourceLogs.newBuilder()
        .setResource(resource(service))
        .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(records))
        .build();
  }

  public static ResourceMetrics gauge(String service, String name, long nanos, double value) {
    return ResourceMetrics.newBuilder()
        .setResource(resource(service))
        .addScopeMetrics(
            ScopeMetrics.newBuilder()
                .addMetrics(
                    Metric.newBuilder()
                        .setName(name)
                        .setGauge(
                            Gauge.newBuilder()
                                .addDataPoints(
                                    NumberDataPoint.newBuilder()
                                        .setTimeUnixNano(nanos)
                                        .setAsDouble(value)))))
        .build();
  }
}
