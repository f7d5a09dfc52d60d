package io.mirador.agent;

import com.google.protobuf.ByteString;
import io.mirador.crypto.KeyKind;
import io.mirador.crypto.Keyring;
import io.mirador.crypto.QueueFileCipher;
import io.mirador.crypto.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;

/** Test data: generated keys (never committed) and OTLP requests with planted PII. */
final class Fixtures {
  static final SecureRandom RANDOM = new SecureRandom();

  private Fixtures() {}

  static QueueFileCipher queueCipher() {
    Keyring k =
        Keyring.empty()
            .generate("q1", KeyKind.QUEUE_MASTER, "", Instant.now(), RANDOM)
            .promote("q1");
    return QueueFileCipher.fromKeyring(k, RANDOM);
  }

  static KeyValue attr(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    if (n > 0) {
      b[0] |= 1;
    }
    return b;
  }

  /** {@code spans} spans, each with an e-mail address and a card number in attributes. */
  static ExportTraceServiceRequest traces(Random r, int spans) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (int i = 0; i < spans; i++) {
      ss.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(bytes(r, 16)))
              .setSpanId(ByteString.copyFrom(bytes(r, 8)))
              .setName("GET /api/orders")
              .setStartTimeUnixNano(1_700_000_000_000_000_000L + i)
              .setEndTimeUnixNano(1_700_000_000_100_000_000L + i)
              .addAttributes(attr("http.route", "/api/orders"))
              .addAttributes(attr("customer", "mail alice" + i + "@example.com now"))
              .addAttributes(attr("payment", "card 4111 1111 1111 1111")));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", "shop")))
                .addScopeSpans(ss))
        .build();
  }

  static QueuedBatch batch(long seq, Signal signal, int records, int size) {
    return new QueuedBatch(seq, signal, 0, records, System.currentTimeMillis(), new byte[size]);
  }
}
