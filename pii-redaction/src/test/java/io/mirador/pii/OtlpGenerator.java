package io.mirador.pii;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random OTLP requests with synthetic PII (test card numbers, example.com addresses,
 * documentation IP ranges, fictional 555 phone numbers) planted in every place it can hide. The
 * planted values are remembered so tests can check none survives.
 */
final class OtlpGenerator {
  private final Random random;
  final List<String> planted = new ArrayList<>();

  OtlpGenerator(long seed) {
    this.random = new Random(seed);
  }

  // -- values ------------------------------------------------------------------------------------

  String pii() {
    String v =
        switch (random.nextInt(9)) {
          case 0 -> "user" + random.nextInt(100_000) + "@example.com";
          case 1 -> luhnCard("4111" + digits(11));
          case 2 -> "192.0.2." + random.nextInt(256);
          case 3 -> "2001:db8::" + Integer.toHexString(random.nextInt(0xffff) + 1);
          case 4 -> "+1 415 555 " + String.format("%04d", random.nextInt(10_000));
          case 5 ->
              (100 + random.nextInt(500))
                  + "-"
                  + (10 + random.nextInt(89))
                  + "-"
                  + (1000 + random.nextInt(8999));
          case 6 -> "AKIA" + upper(16);
          case 7 -> "GB82WEST12345698765432";
          default -> "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI" + alnum(12) + "In0." + alnum(20);
        };
    planted.add(v);
    return v;
  }

  String benign() {
    return switch (random.nextInt(8)) {
      case 0 -> "GET";
      case 1 -> "/api/v1/orders/" + random.nextInt(10_000);
      case 2 -> "checkout-" + alnum(6);
      case 3 -> "processed " + random.nextInt(500) + " items in " + random.nextInt(900) + " ms";
      case 4 -> "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36";
      case 5 -> "2026-11-21T12:00:00Z";
      case 6 -> "";
      default -> alnum(random.nextInt(40));
    };
  }

  /** Text that is PII, benign, or benign text around PII. */
  String text() {
    return switch (random.nextInt(4)) {
      case 0 -> pii();
      case 1 -> benign() + " " + pii() + " " + benign();
      default -> benign();
    };
  }

  AnyValue value(int depth) {
    int choice = random.nextInt(depth > 2 ? 5 : 7);
    return switch (choice) {
      case 0, 1 -> AnyValue.newBuilder().setStringValue(text()).build();
      case 2 -> AnyValue.newBuilder().setIntValue(random.nextInt(1000)).build();
      case 3 -> AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build();
      case 4 -> AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8(text())).build();
      case 5 -> {
        ArrayValue.Builder a = ArrayValue.newBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
          a.addValues(value(depth + 1));
        }
        yield AnyValue.newBuilder().setArrayValue(a).build();
      }
      default -> {
        KeyValueList.Builder l = KeyValueList.newBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
          l.addValues(KeyValue.newBuilder().setKey(key()).setValue(value(depth + 1)));
        }
        yield AnyValue.newBuilder().setKvlistValue(l).build();
      }
    };
  }

  String key() {
    String[] keys = {
      "http.url",
      "http.route",
      "user.email",
      "user.id",
      "db.statement",
      "note",
      "peer.ip",
      "http.request.header.authorization",
      "customer.phone",
      "comment",
      "payload",
      "password"
    };
    return keys[random.nextInt(keys.length)];
  }

  List<KeyValue> attributes() {
    List<KeyValue> out = new ArrayList<>();
    for (int i = random.nextInt(6); i > 0; i--) {
      String key = key();
      AnyValue v =
          key.equals("db.statement")
              ? AnyValue.newBuilder()
                  .setStringValue("SELECT * FROM t WHERE email = '" + pii() + "' AND n = 42")
                  .build()
              : value(0);
      out.add(KeyValue.newBuilder().setKey(key).setValue(v).build());
    }
    return out;
  }

  // -- messages ----------------------------------------------------------------------------------

  Resource resource() {
    return Resource.newBuilder().addAllAttributes(attributes()).build();
  }

  InstrumentationScope scope() {
    return InstrumentationScope.newBuilder()
        .setName("io.example.lib")
        .setVersion("1.2.3")
        .addAllAttributes(attributes())
        .build();
  }

  ExportTraceServiceRequest traces() {
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    for (int r = 1 + random.nextInt(2); r > 0; r--) {
      ResourceSpans.Builder rs = ResourceSpans.newBuilder().setResource(resource());
      for (int s = 1 + random.nextInt(2); s > 0; s--) {
        ScopeSpans.Builder ss = ScopeSpans.newBuilder().setScope(scope());
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
          ss.addSpans(span());
        }
        rs.addScopeSpans(ss);
      }
      req.addResourceSpans(rs);
    }
    return req.build();
  }

  Span span() {
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(bytes(16))
            .setSpanId(bytes(8))
            .setParentSpanId(bytes(8))
            .setName(random.nextBoolean() ? "GET /users/" + text() : "checkout")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(random.nextLong() & Long.MAX_VALUE)
            .setEndTimeUnixNano(random.nextLong() & Long.MAX_VALUE)
            .addAllAttributes(attributes())
            .setStatus(
                Status.newBuilder()
                    .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                    .setMessage(text()));
    for (int e = random.nextInt(3); e > 0; e--) {
      span.addEvents(
          Span.Event.newBuilder()
              .setName("exception: " + text())
              .setTimeUnixNano(random.nextLong() & Long.MAX_VALUE)
              .addAllAttributes(attributes()));
    }
    for (int l = random.nextInt(3); l > 0; l--) {
      span.addLinks(
          Span.Link.newBuilder()
              .setTraceId(bytes(16))
              .setSpanId(bytes(8))
              .addAllAttributes(attributes()));
    }
    return span.build();
  }

  ExportLogsServiceRequest logs() {
    ExportLogsServiceRequest.Builder req = ExportLogsServiceRequest.newBuilder();
    for (int r = 1 + random.nextInt(2); r > 0; r--) {
      ResourceLogs.Builder rl = ResourceLogs.newBuilder().setResource(resource());
      ScopeLogs.Builder sl = ScopeLogs.newBuilder().setScope(scope());
      for (int k = 1 + random.nextInt(5); k > 0; k--) {
        sl.addLogRecords(
            LogRecord.newBuilder()
                .setTimeUnixNano(random.nextLong() & Long.MAX_VALUE)
                .setSeverityText("ERROR")
                .setTraceId(bytes(16))
                .setSpanId(bytes(8))
                .setBody(value(0))
                .addAllAttributes(attributes()));
      }
      rl.addScopeLogs(sl);
      req.addResourceLogs(rl);
    }
    return req.build();
  }

  ExportMetricsServiceRequest metrics() {
    ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
    ResourceMetrics.Builder rm = ResourceMetrics.newBuilder().setResource(resource());
    ScopeMetrics.Builder sm = ScopeMetrics.newBuilder().setScope(scope());
    sm.addMetrics(
        Metric.newBuilder()
            .setName("g")
            .setGauge(
                Gauge.newBuilder().addDataPoints(numberPoint()).addDataPoints(numberPoint())));
    sm.addMetrics(
        Metric.newBuilder().setName("s").setSum(Sum.newBuilder().addDataPoints(numberPoint())));
    sm.addMetrics(
        Metric.newBuilder()
            .setName("h")
            .setHistogram(
                Histogram.newBuilder()
                    .addDataPoints(
                        HistogramDataPoint.newBuilder()
                            .addAllAttributes(attributes())
                            .setCount(3)
                            .addExemplars(exemplar()))));
    sm.addMetrics(
        Metric.newBuilder()
            .setName("e")
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .addDataPoints(
                        ExponentialHistogramDataPoint.newBuilder()
                            .addAllAttributes(attributes())
                            .addExemplars(exemplar()))));
    sm.addMetrics(
        Metric.newBuilder()
            .setName("q")
            .setSummary(
                Summary.newBuilder()
                    .addDataPoints(SummaryDataPoint.newBuilder().addAllAttributes(attributes()))));
    rm.addScopeMetrics(sm);
    req.addResourceMetrics(rm);
    return req.build();
  }

  private NumberDataPoint numberPoint() {
    return NumberDataPoint.newBuilder()
        .addAllAttributes(attributes())
        .setAsDouble(random.nextDouble())
        .addExemplars(exemplar())
        .build();
  }

  private Exemplar exemplar() {
    return Exemplar.newBuilder()
        .addAllFilteredAttributes(attributes())
        .setTraceId(bytes(16))
        .setSpanId(bytes(8))
        .setAsInt(random.nextInt(100))
        .build();
  }

  // -- helpers -----------------------------------------------------------------------------------

  private ByteString bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return ByteString.copyFrom(b);
  }

  private String digits(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
    return sb.toString();
  }

  private String upper(int n) {
    String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(a.charAt(random.nextInt(a.length())));
    }
    return sb.toString();
  }

  private String alnum(int n) {
    String a = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(a.charAt(random.nextInt(a.length())));
    }
    return sb.toString();
  }

  /** Appends the Luhn check digit. */
  static String luhnCard(String partial) {
    for (int check = 0; check < 10; check++) {
      String candidate = partial + check;
      int sum = 0;
      boolean dbl = false;
      for (int i = candidate.length() - 1; i >= 0; i--) {
        int d = candidate.charAt(i) - '0';
        if (dbl) {
          d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        }
        sum += d;
        dbl = !dbl;
      }
      if (sum % 10 == 0) {
        return candidate;
      }
    }
    throw new AssertionError();
  }
}
