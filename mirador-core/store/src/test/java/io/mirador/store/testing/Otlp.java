package io.mirador.store.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.Random;

/** Builders for synthetic OTLP data in tests. No real personal data: all values are made up. */
public final class Otlp {
  private Otlp() {}

  public static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  public static KeyValue attr(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  public static KeyValue attr(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }

  public static KeyValue attr(String key, boolean value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setBoolValue(value))
        .build();
  }

  public static KeyValue arrayAttr(String key, String... values) {
    ArrayValue.Builder array = ArrayValue.newBuilder();
    for (String v : values) {
      array.addValues(AnyValue.newBuilder().setStringValue(v));
    }
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setArrayValue(array))
        .build();
  }

  public static KeyValue kvlistAttr(String key, KeyValue... values) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(
            AnyValue.newBuilder()
                .setKvlistValue(KeyValueList.newBuilder().addAllValues(java.util.List.of(values))))
        .build();
  }

  public static Resource resource(String service) {
    return Resource.newBuilder()
        .addAttributes(attr("service.name", service))
        .addAttributes(attr("host.name", "host-1"))
        .build();
  }

  public static ByteString id(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  public static String randomTraceId(Random random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  public static String randomSpanId(Random random) {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** A span builder with ids, times and a name set. */
  public static Span.Builder span(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      long startNanos,
      long durationNanos) {
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(id(traceId))
            .setSpanId(id(spanId))
            .setName(name)
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(startNanos)
            .setEndTimeUnixNano(startNanos + durationNanos);
    if (parentSpanId != null) {
      span.setParentSpanId(id(parentSpanId));
    }
    return span;
  }

  public static ResourceSpans resourceSpans(String service, Span... spans) {
    return ResourceSpans.newBuilder()
        .setResource(resource(service))
        .addScopeSpans(
            ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("test-scope").setVersion("1.0"))
                .addAllSpans(java.util.List.of(spans)))
        .build();
  }

  public static Status error(String message) {
    return Status.newBuilder()
        .setCode(Status.StatusCode.STATUS_CODE_ERROR)
        .setMessage(message)
        .build();
  }

  public static LogRecord.Builder log(long timeNanos, SeverityNumber severity, String body) {
    return LogRecord.newBuilder()
        .setTimeUnixNano(timeNanos)
        .setObservedTimeUnixNano(timeNanos)
        .setSeverityNumber(severity)
        .setSeverityText(severity.name().replace("SEVERITY_NUMBER_", ""))
        .setBody(AnyValue.newBuilder().setStringValue(body));
  }

  public static ResourceLogs resourceLogs(String service, LogRecord... logs) {
    return ResourceLogs.newBuilder()
        .setResource(resource(service))
        .addScopeLogs(
            ScopeLogs.newBuilder()
                .setScope(
                    InstrumentationScope.newBuilder().setName("test-logger").setVersion("2.0"))
                .addAllLogRecords(java.util.List.of(logs)))
        .build();
  }
}
