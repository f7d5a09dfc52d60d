package io.mirador.benchmarks.overload;

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
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One serialized OTLP trace request of realistic spans (15 attributes, an e-mail address in some,
 * 10 spans per trace), whose trace and span ids are rewritten in place for every request: a sender
 * makes a request with ids of its own for the price of a copy, so that the load generator, not the
 * encoding, sets the offered rate. Span {@code k} of request {@code r} has the span id {@code BASE
 * + r * spans + k} (big-endian), which the ledger and the store audit decode.
 */
final class SpanTemplate {
  static final long BASE = 1L << 56;

  private final int spans;
  private final byte[] template;
  private final int[] spanIdAt;
  private final int[] traceIdAt;
  private final long runTag;

  SpanTemplate(int spans, long seed) {
    if (spans % 10 != 0 || spans <= 0) {
      throw new IllegalArgumentException("spans per request must be a positive multiple of 10");
    }
    this.spans = spans;
    SplittableRandom random = new SplittableRandom(seed);
    this.runTag = random.nextLong() | 1L;
    long now = System.currentTimeMillis() * 1_000_000L;
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    ResourceSpans.Builder resource =
        ResourceSpans.newBuilder()
            .setResource(
                Resource.newBuilder()
                    .addAttributes(kv("service.name", "checkout"))
                    .addAttributes(kv("service.version", "2.14.1"))
                    .addAttributes(kv("deployment.environment", "prod"))
                    .addAttributes(kv("host.name", "app-07")));
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder()
            .setScope(
                InstrumentationScope.newBuilder()
                    .setName("io.opentelemetry.servlet")
                    .setVersion("2.10.0"));
    byte[][] placeholders = new byte[spans][];
    byte[][] tracePlaceholders = new byte[spans / 10][];
    for (int k = 0; k < spans; k++) {
      if (k % 10 == 0) {
        tracePlaceholders[k / 10] = unique(random, 16);
      }
      placeholders[k] = unique(random, 8);
      long start = now - 5_000_000_000L + k * 1_000_000L;
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(tracePlaceholders[k / 10]))
              .setSpanId(ByteString.copyFrom(placeholders[k]))
              .setName(k % 10 == 0 ? "POST /api/checkout" : "SELECT orders")
              .setKind(
                  k % 10 == 0 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
              .setStartTimeUnixNano(start)
              .setEndTimeUnixNano(start + 2_000_000L + random.nextInt(40_000_000))
              .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
              .addAttributes(kv("http.request.method", "POST"))
              .addAttributes(kv("http.route", "/api/checkout"))
              .addAttributes(kv("url.path", "/api/checkout/" + random.nextInt(100_000)))
              .addAttributes(kv("http.response.status_code", 200))
              .addAttributes(kv("server.address", "checkout.internal"))
              .addAttributes(kv("server.port", 8443))
              .addAttributes(kv("network.protocol.version", "1.1"))
              .addAttributes(kv("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64)"))
              .addAttributes(kv("client.address", "10.20." + random.nextInt(255) + ".4"))
              .addAttributes(kv("db.system", "postgresql"))
              .addAttributes(
                  kv(
                      "db.statement",
                      "SELECT id, total, status FROM orders WHERE customer_id = ? AND created > ?"))
              .addAttributes(kv("thread.name", "http-nio-8443-exec-" + random.nextInt(200)))
              .addAttributes(kv("enduser.role", "customer"))
              .addAttributes(kv("app.cart.items", random.nextInt(12)))
              .addAttributes(
                  kv(
                      "app.customer.contact",
                      k % 5 == 0 ? "jane.doe" + random.nextInt(1000) + "@example.com" : "n/a"));
      scope.addSpans(span);
    }
    this.template = request.addResourceSpans(resource.addScopeSpans(scope)).build().toByteArray();
    this.spanIdAt = new int[spans];
    this.traceIdAt = new int[spans];
    for (int k = 0; k < spans; k++) {
      spanIdAt[k] = indexOf(template, placeholders[k]);
    }
    // Every span of a trace carries its trace id: one offset per span.
    for (int t = 0; t < spans / 10; t++) {
      int[] at = occurrences(template, tracePlaceholders[t], 10);
      System.arraycopy(at, 0, traceIdAt, t * 10, 10);
    }
  }

  int spans() {
    return spans;
  }

  int bytes() {
    return template.length;
  }

  /** The serialized request number {@code r}: the template with that request's ids. */
  byte[] request(long r) {
    byte[] out = template.clone();
    ByteBuffer b = ByteBuffer.wrap(out);
    for (int k = 0; k < spans; k++) {
      b.putLong(spanIdAt[k], spanId(r, k));
    }
    for (int k = 0; k < spans; k++) {
      b.putLong(traceIdAt[k], runTag);
      b.putLong(traceIdAt[k] + 8, spanId(r, k / 10 * 10));
    }
    return out;
  }

  long spanId(long r, int k) {
    return BASE + r * spans + k;
  }

  /** The request a span id belongs to, or -1 when it is not one of this template's. */
  long requestOf(long spanId) {
    long offset = spanId - BASE;
    return offset < 0 ? -1 : offset / spans;
  }

  private static byte[] unique(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    b[0] = (byte) 0xA5; // never a valid prefix of the patched ids (BASE has 0x01 first)
    return b;
  }

  private static int[] occurrences(byte[] hay, byte[] needle, int expected) {
    int[] out = new int[expected];
    int n = 0;
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        if (n == expected) {
          throw new IllegalStateException("placeholder trace id occurs too often");
        }
        out[n++] = i;
      }
    }
    if (n != expected) {
      throw new IllegalStateException("placeholder trace id found " + n + " times");
    }
    return out;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    int found = -1;
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        if (found >= 0) {
          throw new IllegalStateException("placeholder id occurs twice; choose another seed");
        }
        found = i;
      }
    }
    if (found < 0) {
      throw new IllegalStateException("placeholder id not found in the serialized request");
    }
    return found;
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue kv(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }
}
