package io.mirador.core.ingest;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.security.SecureRandom;

/** Small OTLP requests with random ids. */
final class TestData {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestData() {}

  static ExportTraceServiceRequest traces(String service, int spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int i = 0; i < spans; i++) {
      scope.addSpans(
          Span.newBuilder()
              .setTraceId(random(16))
              .setSpanId(random(8))
              .setName("GET /checkout")
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(now)
              .setEndTimeUnixNano(now + 1_000_000)
              .addAttributes(kv("user.email", "someone@example.com")));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", service)))
                .addScopeSpans(scope))
        .build();
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static ByteString random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    b[0] |= 1;
    return ByteString.copyFrom(b);
  }
}
