package io.mirador.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.mirador.pii.detect.DetectorKind;
import io.mirador.pii.detect.IssuerRanges;
import io.mirador.pii.eval.CardNumbers;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The property: any Luhn-valid number in a published range, of any allowed length, written
 * in any separator style, placed in any OTLP place, is gone from the serialised output of {@link
 * OtlpRedactor}. 2,000 seeded random cases; the keys are neutral ({@code note}), so the card
 * detector, not a key rule, has to find each one.
 */
class CardPropertyTest {
  private static final int CASES = 2_000;
  private static final int PLACES = 14;
  private static final ByteString TRACE_ID = ByteString.copyFromUtf8("0123456789abcdef");
  private static final ByteString SPAN_ID = ByteString.copyFromUtf8("01234567");
  private static final char[] SEPARATORS = {0, ' ', '-', '.'};
  private static final String[] CONTEXTS = {
    "%s", "paid with %s", "card %s ok", "{\"pan\":\"%s\"}", "pan=%s&qty=2", "qty 2 %s 123"
  };

  private final OtlpRedactor redactor =
      OtlpRedactor.create(RedactionPolicy.defaults("acme"), TestKeys.key());

  @Test
  void everyPublishedCardIsRedactedInEveryOtlpPlace() {
    Random random = new Random(20261207L);
    List<IssuerRanges.Range> rows = IssuerRanges.ranges();
    int[] perPlace = new int[PLACES];
    for (int i = 0; i < CASES; i++) {
      IssuerRanges.Range row = rows.get(random.nextInt(rows.size()));
      int length = randomLength(row, random);
      int place = random.nextInt(PLACES);
      char sep = SEPARATORS[random.nextInt(SEPARATORS.length)];
      if (place == PLACES - 1) {
        sep = 0; // an int value holds an ungrouped number of at most 18 digits
        if (length > 18) {
          place = 2;
        }
      }
      String digits = CardNumbers.number(prefix(row, random), length, random);
      String written = CardNumbers.printed(digits, row.scheme().equals("UATP"), sep);
      String text = String.format(CONTEXTS[random.nextInt(CONTEXTS.length)], written);
      perPlace[place]++;
      long number = length > 18 ? 0 : Long.parseLong(digits);
      Redacted<? extends Message> out = redact(place, text, number);
      String wire = new String(out.message().toByteArray(), StandardCharsets.ISO_8859_1);
      String printed = out.message().toString();
      String what = "case " + i + ": " + row.scheme() + " " + written + " in place " + place;
      assertThat(wire).as(what).doesNotContain(written).doesNotContain(digits);
      assertThat(printed).as(what).doesNotContain(digits);
      assertThat(out.counts().get(DetectorKind.CREDIT_CARD, Action.MASK)).as(what).isPositive();
    }
    for (int place = 0; place < PLACES; place++) {
      assertThat(perPlace[place]).as("cases in place %d", place).isGreaterThan(50);
    }
  }

  /** Places: 0 resource attr ... 13 an int attribute value (see the switch). */
  private Redacted<? extends Message> redact(int place, String text, long number) {
    KeyValue note = kv("note", text);
    AnyValue string = AnyValue.newBuilder().setStringValue(text).build();
    return switch (place) {
      case 0 -> redactor.redact(traces(Resource.newBuilder().addAttributes(note).build(), span()));
      case 1 -> redactor.redact(traces(span().setName("GET " + text)));
      case 2 -> redactor.redact(traces(span().addAttributes(note)));
      case 3 -> redactor.redact(traces(span().addEvents(Span.Event.newBuilder().setName(text))));
      case 4 ->
          redactor.redact(
              traces(span().addEvents(Span.Event.newBuilder().setName("e").addAttributes(note))));
      case 5 ->
          redactor.redact(
              traces(
                  span()
                      .addLinks(
                          Span.Link.newBuilder()
                              .setTraceId(TRACE_ID)
                              .setSpanId(SPAN_ID)
                              .addAttributes(note))));
      case 6 -> redactor.redact(traces(span().setStatus(Status.newBuilder().setMessage(text))));
      case 7 -> redactor.redact(logs(LogRecord.newBuilder().setBody(string)));
      case 8 ->
          redactor.redact(
              logs(
                  LogRecord.newBuilder()
                      .setBody(
                          AnyValue.newBuilder()
                              .setKvlistValue(
                                  KeyValueList.newBuilder()
                                      .addValues(
                                          kv(
                                              "request",
                                              AnyValue.newBuilder()
                                                  .setKvlistValue(
                                                      KeyValueList.newBuilder().addValues(note))
                                                  .build()))))));
      case 9 ->
          redactor.redact(
              logs(
                  LogRecord.newBuilder()
                      .setBody(
                          AnyValue.newBuilder()
                              .setArrayValue(
                                  ArrayValue.newBuilder()
                                      .addValues(AnyValue.newBuilder().setStringValue("x"))
                                      .addValues(string)))));
      case 10 -> redactor.redact(logs(LogRecord.newBuilder().addAttributes(note)));
      case 11 -> redactor.redact(metrics(NumberDataPoint.newBuilder().addAttributes(note)));
      case 12 ->
          redactor.redact(
              metrics(
                  NumberDataPoint.newBuilder()
                      .addExemplars(
                          Exemplar.newBuilder().setSpanId(SPAN_ID).addFilteredAttributes(note))));
      default ->
          redactor.redact(
              traces(
                  span()
                      .addAttributes(
                          kv("note", AnyValue.newBuilder().setIntValue(number).build()))));
    };
  }

  private static Span.Builder span() {
    return Span.newBuilder().setTraceId(TRACE_ID).setSpanId(SPAN_ID).setName("checkout");
  }

  private static ExportTraceServiceRequest traces(Span.Builder span) {
    return traces(Resource.getDefaultInstance(), span);
  }

  private static ExportTraceServiceRequest traces(Resource resource, Span.Builder span) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(resource)
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("shop"))
                        .addSpans(span)))
        .build();
  }

  private static ExportLogsServiceRequest logs(LogRecord.Builder record) {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record.setTraceId(TRACE_ID))))
        .build();
  }

  private static ExportMetricsServiceRequest metrics(NumberDataPoint.Builder point) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("payments")
                                .setGauge(Gauge.newBuilder().addDataPoints(point.setAsInt(1))))))
        .build();
  }

  private static KeyValue kv(String key, String value) {
    return RedactorTest.kv(key, value);
  }

  private static KeyValue kv(String key, AnyValue value) {
    return RedactorTest.kv(key, value);
  }

  private static int randomLength(IssuerRanges.Range row, Random random) {
    while (true) {
      int len = IssuerRanges.MIN_LENGTH + random.nextInt(IssuerRanges.MAX_LENGTH - 11);
      if (row.allows(len)) {
        return len;
      }
    }
  }

  private static String prefix(IssuerRanges.Range row, Random random) {
    int low = Integer.parseInt(row.low());
    int high = Integer.parseInt(row.high());
    String p = Integer.toString(low + random.nextInt(high - low + 1));
    return "0".repeat(row.low().length() - p.length()) + p;
  }
}
