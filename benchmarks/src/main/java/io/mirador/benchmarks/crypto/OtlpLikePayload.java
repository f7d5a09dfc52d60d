package io.mirador.benchmarks.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Bytes shaped like an encoded OTLP ExportTraceServiceRequest: protobuf tags and varints, random
 * trace and span ids (incompressible, 10 spans per trace), nanosecond timestamps, span names and
 * attributes drawn from small vocabularies. Compression ratios on it are close to what real span
 * batches give; a benchmark on random bytes would understate them, on zeros overstate them.
 */
final class OtlpLikePayload {
  private static final String[] NAMES = {
    "GET /api/cart", "POST /api/checkout", "SELECT orders", "redis GET", "GET /api/products/{id}",
    "kafka.produce orders", "grpc.payment.Charge", "HTTP GET", "render template", "auth.verify"
  };
  private static final String[] ROUTES = {
    "/api/cart", "/api/checkout", "/api/products/{id}", "/health", "/api/users/{id}/orders"
  };
  private static final String[] PEERS = {
    "orders-db.internal", "redis-0.cache", "payments.svc.cluster.local", "kafka-2.broker"
  };

  private OtlpLikePayload() {}

  static byte[] generate(int size, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream(size + 1024);
    resourceAttr(out, "service.name", "checkout");
    resourceAttr(out, "service.version", "2.14.1");
    resourceAttr(out, "host.name", "app-node-17.prod.example");
    byte[] traceId = new byte[16];
    long t = 1_763_700_000_000_000_000L;
    int span = 0;
    while (out.size() < size) {
      if (span++ % 10 == 0) {
        fill(rnd, traceId);
      }
      ByteArrayOutputStream s = new ByteArrayOutputStream(256);
      bytesField(s, 1, traceId);
      bytesField(s, 2, random(rnd, 8));
      bytesField(s, 4, random(rnd, 8));
      stringField(s, 5, NAMES[rnd.nextInt(NAMES.length)]);
      tag(s, 6, 0);
      varint(s, 1 + rnd.nextInt(3));
      t += rnd.nextInt(5_000_000);
      fixed64(s, 7, t);
      fixed64(s, 8, t + rnd.nextInt(80_000_000));
      attr(s, "http.method", rnd.nextInt(4) == 0 ? "POST" : "GET");
      attr(s, "http.route", ROUTES[rnd.nextInt(ROUTES.length)]);
      attr(s, "http.status_code", rnd.nextInt(50) == 0 ? "500" : "200");
      attr(s, "net.peer.name", PEERS[rnd.nextInt(PEERS.length)]);
      attr(s, "thread.id", Integer.toString(rnd.nextInt(200)));
      bytesField(out, 2, s.toByteArray());
    }
    return Arrays.copyOf(out.toByteArray(), size);
  }

  private static byte[] random(SplittableRandom rnd, int n) {
    byte[] b = new byte[n];
    fill(rnd, b);
    return b;
  }

  private static void fill(SplittableRandom rnd, byte[] b) {
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) rnd.nextInt(256);
    }
  }

  private static void resourceAttr(ByteArrayOutputStream out, String k, String v) {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    attr(a, k, v);
    bytesField(out, 1, a.toByteArray());
  }

  private static void attr(ByteArrayOutputStream out, String key, String value) {
    ByteArrayOutputStream kv = new ByteArrayOutputStream();
    stringField(kv, 1, key);
    ByteArrayOutputStream any = new ByteArrayOutputStream();
    stringField(any, 1, value);
    bytesField(kv, 2, any.toByteArray());
    bytesField(out, 9, kv.toByteArray());
  }

  private static void stringField(ByteArrayOutputStream out, int field, String s) {
    bytesField(out, field, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void bytesField(ByteArrayOutputStream out, int field, byte[] b) {
    tag(out, field, 2);
    varint(out, b.length);
    out.writeBytes(b);
  }

  private static void fixed64(ByteArrayOutputStream out, int field, long v) {
    tag(out, field, 1);
    for (int i = 0; i < 8; i++) {
      out.write((int) (v >>> (8 * i)));
    }
  }

  private static void tag(ByteArrayOutputStream out, int field, int wire) {
    varint(out, (field << 3) | wire);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
