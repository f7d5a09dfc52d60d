package io.mirador.benchmarks.core;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Export requests of spans shaped like a web service's: 15 attributes and 2 events per span, 10
 * spans per trace, 20 services, 2 % of spans carrying an e-mail address (which the core's redaction
 * pass hashes). Generated values only.
 */
final class CoreSpans {
  private static final String[] ROUTES = {
    "/api/orders/{id}", "/api/cart", "/api/checkout", "/api/users/{id}", "/health", "/api/search"
  };
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};

  private final SplittableRandom random;
  private long clock;

  CoreSpans(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * A request of {@code spans} spans (a multiple of 10); the first trace id goes to {@code out}.
   */
  ExportTraceServiceRequest request(int spans, List<String> firstTraceIds) {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int t = 0; t < spans / 10; t++) {
      byte[] traceId = new byte[16];
      random.nextBytes(traceId);
      traceId[0] |= 1;
      if (t == 0) {
        firstTraceIds.add(java.util.HexFormat.of().formatHex(traceId));
      }
      int service = random.nextInt(20);
      ScopeSpans.Builder scope =
          ScopeSpans.newBuilder()
              .setScope(
                  InstrumentationScope.newBuilder()
                      .setName("io.opentelemetry.servlet")
                      .setVersion("2.10.0"));
      byte[] parent = null;
      long start = now - 60_000_000_000L + (clock += 1_000_000L) % 50_000_000_000L;
      for (int s = 0; s < 10; s++) {
        byte[] spanId = new byte[8];
        random.nextBytes(spanId);
        spanId[0] |= 1;
        scope.addSpans(span(traceId, spanId, parent, start + s * 100_000L));
        parent = spanId;
      }
      request.addResourceSpans(
          ResourceSpans.newBuilder()
              .setResource(
                  Resource.newBuilder()
                      .addAttributes(kv("service.name", "service-" + service))
                      .addAttributes(kv("service.version", "1.4." + service))
                      .addAttributes(kv("host.name", "node-" + (service % 5)))
                      .addAttributes(kv("deployment.environment", "production")))
              .addScopeSpans(scope));
    }
    return request.build();
  }

  private Span span(byte[] traceId, byte[] spanId, byte[] parent, long start) {
    String route = ROUTES[random.nextInt(ROUTES.length)];
    int status = random.nextInt(100) < 3 ? 500 : 200;
    long duration = 200_000L + random.nextLong(50_000_000L);
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(traceId))
            .setSpanId(ByteString.copyFrom(spanId))
            .setName(METHODS[random.nextInt(METHODS.length)] + " " + route)
            .setKind(
                parent == null ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(start + duration)
            .addAttributes(kv("http.request.method", "GET"))
            .addAttributes(kv("http.route", route))
            .addAttributes(kvInt("http.response.status_code", status))
            .addAttributes(
                kv("url.full", "https://shop.example.com" + route + "?page=" + random.nextInt(50)))
            .addAttributes(kv("url.scheme", "https"))
            .addAttributes(kv("server.address", "shop.example.com"))
            .addAttributes(kvInt("server.port", 443))
            .addAttributes(kv("network.peer.name", "lb-" + random.nextInt(4) + ".internal"))
            .addAttributes(
                kv("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"))
            .addAttributes(kv("network.protocol.version", "1.1"))
            .addAttributes(kv("db.system", "postgresql"))
            .addAttributes(kv("db.statement", "SELECT * FROM orders WHERE id = ?"))
            .addAttributes(kvInt("http.request.body.size", random.nextInt(10_000)))
            .addAttributes(kvInt("thread.id", random.nextInt(200)))
            .addAttributes(
                random.nextInt(100) < 2
                    ? kv("enduser.contact", "user" + random.nextInt(1000) + "@example.com")
                    : kv("code.function", "handle" + random.nextInt(30)))
            .addEvents(
                Span.Event.newBuilder()
                    .setTimeUnixNano(start + duration / 3)
                    .setName("cache.miss")
                    .addAttributes(kv("cache.key", "order:" + random.nextInt(100_000))))
            .addEvents(
                Span.Event.newBuilder()
                    .setTimeUnixNano(start + duration / 2)
                    .setName("db.query.done")
                    .addAttributes(kvInt("db.rows", random.nextInt(100))));
    if (parent != null) {
      span.setParentSpanId(ByteString.copyFrom(parent));
    }
    if (status == 500) {
      span.setStatus(
          Status.newBuilder()
              .setCode(Status.StatusCode.STATUS_CODE_ERROR)
              .setMessage("internal error"));
    }
    return span.build();
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue kvInt(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }
}
