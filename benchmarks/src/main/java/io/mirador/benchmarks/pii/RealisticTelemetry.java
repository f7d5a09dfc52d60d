package io.mirador.benchmarks.pii;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded telemetry that looks like an instrumented web shop: HTTP, RPC, database and messaging
 * attributes and log lines, mostly without PII. About {@value #PII_PERCENT}% of values carry a
 * synthetic PII value (example.com e-mail, documentation IP, test card, 555 phone).
 */
final class RealisticTelemetry {
  static final int PII_PERCENT = 2;
  private final Random random;

  RealisticTelemetry(long seed) {
    random = new Random(seed);
  }

  /** Attribute values and log bodies, concatenated length at least {@code chars}. */
  List<String> corpus(int chars) {
    List<String> out = new ArrayList<>();
    int total = 0;
    while (total < chars) {
      String s = random.nextInt(4) == 0 ? logLine() : attributeValue(random.nextInt(15));
      out.add(s);
      total += s.length();
    }
    return out;
  }

  String logLine() {
    String line =
        switch (random.nextInt(8)) {
          case 0 ->
              "2026-11-21T12:00:"
                  + two()
                  + ".123Z INFO  [http-nio-8080-exec-"
                  + random.nextInt(20)
                  + "] o.s.web.servlet.DispatcherServlet - Completed 200 OK in "
                  + random.nextInt(900)
                  + " ms";
          case 1 ->
              "Processed order "
                  + (100000 + random.nextInt(900000))
                  + " with "
                  + random.nextInt(12)
                  + " items, total="
                  + random.nextInt(500)
                  + "."
                  + two()
                  + " EUR";
          case 2 ->
              "java.net.SocketTimeoutException: Read timed out\n\tat"
                  + " java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)\n\tat"
                  + " com.example.cart.CartClient.get(CartClient.java:"
                  + random.nextInt(400)
                  + ")";
          case 3 ->
              "cache miss for key product:" + random.nextInt(100000) + ":v2, fetching from db";
          case 4 ->
              "GET /api/v1/products?category=shoes&page="
                  + random.nextInt(50)
                  + "&sort=price_asc HTTP/1.1\" 200 "
                  + random.nextInt(20000);
          case 5 -> "retrying request to payment-service (attempt " + random.nextInt(5) + "/5)";
          case 6 -> "user session refreshed, ttl=" + random.nextInt(3600) + "s region=eu-west-1";
          default ->
              "Kafka consumer group checkout-workers rebalanced: partitions [0, 1, 2, "
                  + random.nextInt(12)
                  + "] assigned";
        };
    return maybePii(line);
  }

  /** One of 15 attribute values of an HTTP server span. */
  String attributeValue(int index) {
    String v =
        switch (index) {
          case 0 -> "GET";
          case 1 -> "/api/v1/orders/{orderId}";
          case 2 ->
              "https://shop.example.com/api/v1/orders/"
                  + random.nextInt(1_000_000)
                  + "?include=items&currency=EUR";
          case 3 -> "shop.example.com";
          case 4 ->
              "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
          case 5 -> "HTTP/1.1";
          case 6 -> "checkout-service";
          case 7 -> "postgresql";
          case 8 -> "SELECT o.id, o.total FROM orders o WHERE o.customer_id = $1 AND o.status = $2";
          case 9 -> "http-nio-8080-exec-" + random.nextInt(20);
          case 10 -> "com.example.checkout.OrderController";
          case 11 -> "placeOrder";
          case 12 -> "10.12." + random.nextInt(256) + "." + random.nextInt(256);
          case 13 -> "eu-west-1a";
          default -> "k8s-pod-checkout-7d9f8b6c5-" + random.nextInt(100000);
        };
    return maybePii(v);
  }

  private String maybePii(String v) {
    if (random.nextInt(100) >= PII_PERCENT) {
      return v;
    }
    return v
        + " "
        + switch (random.nextInt(4)) {
          case 0 -> "customer" + random.nextInt(10000) + "@example.com";
          case 1 -> "192.0.2." + random.nextInt(256);
          case 2 -> "4111 1111 1111 1111";
          default -> "+1 415 555 0" + (100 + random.nextInt(900));
        };
  }

  private String two() {
    return String.format("%02d", random.nextInt(60));
  }

  private static final String[] KEYS = {
    "http.request.method", "http.route", "url.full", "server.address", "user_agent.original",
    "network.protocol.version", "service.peer.name", "db.system", "db.statement", "thread.name",
    "code.namespace", "code.function", "client.address", "cloud.availability_zone", "k8s.pod.name"
  };

  /** A request of {@code spans} server spans with 15 attributes each. */
  ExportTraceServiceRequest spans(int spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int s = 0; s < spans; s++) {
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(bytes(16))
              .setSpanId(bytes(8))
              .setName("GET /api/v1/orders/{orderId}")
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(1_700_000_000_000_000_000L + s)
              .setEndTimeUnixNano(1_700_000_000_050_000_000L + s);
      for (int a = 0; a < KEYS.length; a++) {
        AnyValue value =
            a == 5
                ? AnyValue.newBuilder().setIntValue(200).build()
                : AnyValue.newBuilder().setStringValue(attributeValue(a)).build();
        span.addAttributes(KeyValue.newBuilder().setKey(KEYS[a]).setValue(value));
      }
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(kv("service.name", "checkout-service"))
                        .addAttributes(kv("host.name", "node-7")))
                .addScopeSpans(scope))
        .build();
  }

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  private com.google.protobuf.ByteString bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return com.google.protobuf.ByteString.copyFrom(b);
  }
}
