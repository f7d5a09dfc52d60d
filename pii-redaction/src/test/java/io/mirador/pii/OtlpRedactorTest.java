package io.mirador.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mirador.pii.detect.DetectorKind;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
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
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OtlpRedactorTest {
  private static final String EMAIL = "jane.doe@example.com";
  private static final ByteString TRACE_ID = ByteString.copyFromUtf8("0123456789abcdef");
  private static final ByteString SPAN_ID = ByteString.copyFromUtf8("01234567");

  private final OtlpRedactor redactor =
      OtlpRedactor.create(RedactionPolicy.defaults("acme"), TestKeys.key());

  private static KeyValue kv(String key, String value) {
    return RedactorTest.kv(key, value);
  }

  @Test
  void redactsEveryPlaceInASpanAndKeepsIds() {
    Span span =
        Span.newBuilder()
            .setTraceId(TRACE_ID)
            .setSpanId(SPAN_ID)
            .setName("GET /users/" + EMAIL)
            .addAttributes(kv("note", "mail " + EMAIL))
            .addEvents(
                Span.Event.newBuilder().setName("sent to " + EMAIL).addAttributes(kv("to", EMAIL)))
            .addLinks(
                Span.Link.newBuilder()
                    .setTraceId(TRACE_ID)
                    .setSpanId(SPAN_ID)
                    .addAttributes(kv("from", EMAIL)))
            .setStatus(Status.newBuilder().setMessage("no user " + EMAIL))
            .build();
    ExportTraceServiceRequest req =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(kv("owner", EMAIL)))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName("lib")
                                    .addAttributes(kv("maintainer", EMAIL)))
                            .addSpans(span)))
            .build();
    Redacted<ExportTraceServiceRequest> out = redactor.redact(req);
    assertThat(out.message().toString()).doesNotContain(EMAIL);
    Span s = out.message().getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(s.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(s.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(s.getLinks(0).getTraceId()).isEqualTo(TRACE_ID);
    assertThat(s.getName()).startsWith("GET /users/pii:");
    assertThat(out.counts().get(DetectorKind.EMAIL, Action.HASH)).isEqualTo(8);
    assertThat(
            out.counts()
                .get(
                    RedactionCounts.Signal.TRACES,
                    RedactionCounts.Location.SPAN_EVENT,
                    DetectorKind.EMAIL,
                    Action.HASH))
        .isEqualTo(2);
    assertThat(
            out.counts()
                .get(
                    RedactionCounts.Signal.LOGS,
                    RedactionCounts.Location.SPAN_EVENT,
                    DetectorKind.EMAIL,
                    Action.HASH))
        .isZero();
    Map<String, Long> resourceCounts = counters(out.message().getResourceSpans(0).getResource());
    assertThat(resourceCounts)
        .containsOnly(
            Map.entry("mirador.redaction.email.hash.resource_attribute", 1L),
            Map.entry("mirador.redaction.email.hash.scope_attribute", 1L),
            Map.entry("mirador.redaction.email.hash.span_name", 1L),
            Map.entry("mirador.redaction.email.hash.span_attribute", 1L),
            Map.entry("mirador.redaction.email.hash.span_event", 2L),
            Map.entry("mirador.redaction.email.hash.span_link", 1L),
            Map.entry("mirador.redaction.email.hash.span_status", 1L));
    assertThat(redactor.metrics().snapshot().get(DetectorKind.EMAIL, Action.HASH)).isEqualTo(8);
    // the counters read back as they were counted
    RedactionCounts.Parsed parsed =
        RedactionCounts.fromAttributes(
            out.message().getResourceSpans(0).getResource().getAttributesList(),
            RedactionCounts.Signal.TRACES);
    assertThat(parsed.rejected()).isZero();
    assertThat(parsed.counts()).isEqualTo(out.counts());
  }

  @Test
  void unchangedRequestIsReturnedAsIs() {
    ExportTraceServiceRequest req =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(kv("service.name", "cart")))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .addSpans(Span.newBuilder().setName("GET /cart").setTraceId(TRACE_ID))))
            .build();
    Redacted<ExportTraceServiceRequest> out = redactor.redact(req);
    assertThat(out.message()).isSameAs(req);
    assertThat(out.counts().isEmpty()).isTrue();
  }

  @Test
  void redactsLogBodiesRecursivelyAndLogAttributes() {
    AnyValue body =
        AnyValue.newBuilder()
            .setKvlistValue(
                KeyValueList.newBuilder()
                    .addValues(kv("msg", "login by " + EMAIL))
                    .addValues(kv("password", "correct horse"))
                    .addValues(kv("card", "4111-1111-1111-1111")))
            .build();
    ExportLogsServiceRequest req =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setTraceId(TRACE_ID)
                                    .setBody(body)
                                    .addAttributes(kv("client", "203.0.113.9")))
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setBody(
                                        AnyValue.newBuilder()
                                            .setStringValue("Bearer abcdef0123456789.xyz")))))
            .build();
    Redacted<ExportLogsServiceRequest> out = redactor.redact(req);
    String text = out.message().toString();
    assertThat(text)
        .doesNotContain(
            EMAIL, "correct horse", "4111-1111-1111-1111", "203.0.113.9", "abcdef0123456789.xyz");
    LogRecord first = out.message().getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
    assertThat(first.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(first.getBody().getKvlistValue().getValuesCount()).isEqualTo(3);
    assertThat(counters(out.message().getResourceLogs(0).getResource()))
        .containsEntry("mirador.redaction.key_rule.mask.log_body", 1L)
        .containsEntry("mirador.redaction.credit_card.mask.log_body", 1L)
        .containsEntry("mirador.redaction.email.hash.log_body", 1L)
        .containsEntry("mirador.redaction.ip_address.hash.log_attribute", 1L)
        .containsEntry("mirador.redaction.auth_credential.mask.log_body", 1L);
    assertThat(out.counts().entries())
        .allSatisfy(e -> assertThat(e.signal()).isEqualTo(RedactionCounts.Signal.LOGS));
  }

  @Test
  void redactsDataPointAndExemplarAttributes() {
    ExportMetricsServiceRequest req =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("logins")
                                    .setGauge(
                                        Gauge.newBuilder()
                                            .addDataPoints(
                                                NumberDataPoint.newBuilder()
                                                    .setAsInt(3)
                                                    .addAttributes(kv("user", EMAIL))
                                                    .addExemplars(
                                                        Exemplar.newBuilder()
                                                            .setSpanId(SPAN_ID)
                                                            .addFilteredAttributes(
                                                                kv("ip", "2001:db8::7"))))))))
            .build();
    Redacted<ExportMetricsServiceRequest> out = redactor.redact(req);
    assertThat(out.message().toString()).doesNotContain(EMAIL, "2001:db8::7");
    NumberDataPoint p =
        out.message()
            .getResourceMetrics(0)
            .getScopeMetrics(0)
            .getMetrics(0)
            .getGauge()
            .getDataPoints(0);
    assertThat(p.getAsInt()).isEqualTo(3);
    assertThat(p.getExemplars(0).getSpanId()).isEqualTo(SPAN_ID);
    assertThat(counters(out.message().getResourceMetrics(0).getResource()))
        .containsOnly(
            Map.entry("mirador.redaction.email.hash.metric_attribute", 1L),
            Map.entry("mirador.redaction.ip_address.hash.exemplar_attribute", 1L));
    assertThat(out.counts().entries())
        .extracting(RedactionCounts.Entry::signal)
        .containsOnly(RedactionCounts.Signal.METRICS);
  }

  @Test
  void countsAddUpAcrossPasses() {
    RedactionPolicy strict =
        RedactionPolicy.builder("acme").detector(DetectorKind.EMAIL, Action.MASK).build();
    RedactionPolicy later =
        RedactionPolicy.builder("acme").detector(DetectorKind.IP_ADDRESS, Action.MASK).build();
    ExportLogsServiceRequest req =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .addAttributes(kv("a", EMAIL))
                                    .addAttributes(kv("b", "192.0.2.1")))))
            .build();
    ExportLogsServiceRequest agent =
        OtlpRedactor.create(strict, TestKeys.key()).redact(req).message();
    ExportLogsServiceRequest core =
        OtlpRedactor.create(later, TestKeys.key()).redact(agent).message();
    assertThat(counters(core.getResourceLogs(0).getResource()))
        .containsEntry("mirador.redaction.email.mask.log_attribute", 1L)
        .containsEntry("mirador.redaction.ip_address.mask.log_attribute", 1L);
  }

  @Test
  void keptValuesAreCountedOnceAcrossTheAgentsAndTheCoresPass() {
    RedactionPolicy keep =
        RedactionPolicy.builder("acme")
            .detector(DetectorKind.EMAIL, Action.KEEP)
            .detector(DetectorKind.IP_ADDRESS, Action.MASK)
            .build();
    ExportLogsServiceRequest req =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .addAttributes(kv("a", EMAIL))
                                    .addAttributes(kv("b", "192.0.2.1")))))
            .build();
    OtlpRedactor pass = OtlpRedactor.create(keep, TestKeys.key());
    ExportLogsServiceRequest agent = pass.redact(req).message();
    ExportLogsServiceRequest core = pass.redact(agent).message();
    assertThat(counters(core.getResourceLogs(0).getResource()))
        .containsEntry("mirador.redaction.email.keep.log_attribute", 1L)
        .containsEntry("mirador.redaction.ip_address.mask.log_attribute", 1L);
    assertThat(core.toString()).contains(EMAIL);
  }

  @Test
  void countsAreAddedToCountersAlreadyOnTheResourceAndOldKeysStay() {
    ExportTraceServiceRequest req =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(counter("mirador.redaction.email.hash.span_name", 5))
                            .addAttributes(counter("mirador.redaction.email.hash", 7))
                            .addAttributes(
                                counter(
                                    "mirador.redaction.credit_card.mask.span_name",
                                    Long.MAX_VALUE)))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .addSpans(
                                Span.newBuilder()
                                    .setName("mail " + EMAIL)
                                    .addAttributes(kv("pay", "card 4111111111111111")))
                            .addSpans(Span.newBuilder().setName("card 4111 1111 1111 1111"))))
            .build();
    Redacted<ExportTraceServiceRequest> out = redactor.redact(req);
    Map<String, Long> counters = counters(out.message().getResourceSpans(0).getResource());
    assertThat(counters)
        .containsEntry("mirador.redaction.email.hash.span_name", 6L)
        .containsEntry("mirador.redaction.email.hash", 7L)
        .containsEntry("mirador.redaction.credit_card.mask.span_attribute", 1L)
        .containsEntry("mirador.redaction.credit_card.mask.span_name", Long.MAX_VALUE);
    assertThat(
            out.message().getResourceSpans(0).getResource().getAttributesList().stream()
                .filter(a -> a.getKey().equals("mirador.redaction.email.hash.span_name"))
                .count())
        .isEqualTo(1);
  }

  @Test
  void auditFindsWhatWouldStillBeRedactedAndNothingInRedactedText() {
    RedactionCounts plain =
        redactor.audit(
            RedactionCounts.Signal.LOGS,
            RedactionCounts.Location.LOG_ATTRIBUTE,
            "note",
            "mail " + EMAIL);
    assertThat(
            plain.get(
                RedactionCounts.Signal.LOGS,
                RedactionCounts.Location.LOG_ATTRIBUTE,
                DetectorKind.EMAIL,
                Action.HASH))
        .isEqualTo(1);
    assertThat(plain.total()).isEqualTo(1);
    RedactionCounts text =
        redactor.audit(
            RedactionCounts.Signal.TRACES, RedactionCounts.Location.SPAN_NAME, null, EMAIL);
    assertThat(
            text.get(
                RedactionCounts.Signal.TRACES,
                RedactionCounts.Location.SPAN_NAME,
                DetectorKind.EMAIL,
                Action.HASH))
        .isEqualTo(1);
    String redacted = redactor.redactor().redactText("mail " + EMAIL + " card 4111111111111111");
    assertThat(
            redactor
                .audit(
                    RedactionCounts.Signal.TRACES,
                    RedactionCounts.Location.SPAN_NAME,
                    null,
                    redacted)
                .isEmpty())
        .isTrue();
    assertThat(
            redactor
                .audit(
                    RedactionCounts.Signal.TRACES,
                    RedactionCounts.Location.SPAN_ATTRIBUTE,
                    "note",
                    redacted)
                .isEmpty())
        .isTrue();
    // a value in clear under a key the policy hashes is a leak too
    assertThat(
            redactor
                .audit(
                    RedactionCounts.Signal.TRACES,
                    RedactionCounts.Location.SPAN_ATTRIBUTE,
                    "user.email",
                    "alice")
                .keyRule(Action.HASH))
        .isEqualTo(1);
    // the counters themselves are never findings
    assertThat(
            redactor
                .audit(
                    RedactionCounts.Signal.TRACES,
                    RedactionCounts.Location.RESOURCE_ATTRIBUTE,
                    "mirador.redaction.email.hash.span_name",
                    "4111111111111111")
                .isEmpty())
        .isTrue();
  }

  @Test
  void partsWithoutPiiKeepTheirInstancesBesidePartsWithPii() {
    Span clean =
        Span.newBuilder()
            .setName("GET /cart")
            .addAttributes(kv("http.route", "/cart"))
            .addEvents(Span.Event.newBuilder().setName("cache miss"))
            .addLinks(Span.Link.newBuilder().setTraceId(TRACE_ID).addAttributes(kv("k", "v")))
            .setStatus(Status.newBuilder().setMessage("ok"))
            .build();
    Span.Event cleanEvent = Span.Event.newBuilder().setName("retry").build();
    Span.Link cleanLink = Span.Link.newBuilder().setTraceId(TRACE_ID).build();
    Span dirty =
        Span.newBuilder()
            .setName("GET /x")
            .addEvents(cleanEvent)
            .addEvents(Span.Event.newBuilder().setName("to " + EMAIL))
            .addLinks(cleanLink)
            .build();
    ScopeSpans cleanScope = ScopeSpans.newBuilder().addSpans(clean).build();
    ResourceSpans cleanResource =
        ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(kv("service.name", "a")))
            .addScopeSpans(cleanScope)
            .build();
    ExportTraceServiceRequest req =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(cleanResource)
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(cleanScope)
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(clean).addSpans(dirty)))
            .build();
    ExportTraceServiceRequest out = redactor.redact(req).message();
    assertThat(out.getResourceSpans(0)).isSameAs(cleanResource);
    assertThat(out.getResourceSpans(1).getScopeSpans(0)).isSameAs(cleanScope);
    ScopeSpans mixed = out.getResourceSpans(1).getScopeSpans(1);
    assertThat(mixed.getSpans(0)).isSameAs(clean);
    assertThat(mixed.getSpans(1).getEvents(0)).isSameAs(cleanEvent);
    assertThat(mixed.getSpans(1).getLinks(0)).isSameAs(cleanLink);
    assertThat(mixed.getSpans(1).getEvents(1).getName()).startsWith("to pii:");

    LogRecord cleanLog = LogRecord.newBuilder().addAttributes(kv("k", "v")).build();
    ScopeLogs cleanLogs = ScopeLogs.newBuilder().addLogRecords(cleanLog).build();
    ResourceLogs cleanLogResource = ResourceLogs.newBuilder().addScopeLogs(cleanLogs).build();
    ExportLogsServiceRequest logs =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(cleanLogResource)
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(cleanLogs)
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(cleanLog)
                            .addLogRecords(LogRecord.newBuilder().addAttributes(kv("a", EMAIL)))))
            .build();
    Redacted<ExportLogsServiceRequest> redactedLogs = redactor.redact(logs);
    ExportLogsServiceRequest logsOut = redactedLogs.message();
    assertThat(redactedLogs.counts().total()).isEqualTo(1);
    assertThat(logsOut.getResourceLogs(0)).isSameAs(cleanLogResource);
    assertThat(logsOut.getResourceLogs(1).getScopeLogs(0)).isSameAs(cleanLogs);
    assertThat(logsOut.getResourceLogs(1).getScopeLogs(1).getLogRecords(0)).isSameAs(cleanLog);
  }

  @Test
  void everyMetricTypeIsWalkedAndCleanOnesKeepTheirInstances() {
    RedactionMetrics shared = new RedactionMetrics();
    OtlpRedactor r = OtlpRedactor.create(RedactionPolicy.defaults("acme"), TestKeys.key(), shared);
    assertThat(r.metrics()).isSameAs(shared);
    KeyValue pii = kv("note", EMAIL);
    KeyValue plain = kv("route", "/cart");
    Metric sum =
        Metric.newBuilder()
            .setName("s")
            .setSum(
                io.opentelemetry.proto.metrics.v1.Sum.newBuilder()
                    .addDataPoints(NumberDataPoint.newBuilder().addAttributes(pii)))
            .build();
    Metric histogram =
        Metric.newBuilder()
            .setName("h")
            .setHistogram(
                io.opentelemetry.proto.metrics.v1.Histogram.newBuilder()
                    .addDataPoints(
                        io.opentelemetry.proto.metrics.v1.HistogramDataPoint.newBuilder()
                            .addAttributes(pii)
                            .addExemplars(Exemplar.newBuilder().addFilteredAttributes(pii))))
            .build();
    Metric exponential =
        Metric.newBuilder()
            .setName("e")
            .setExponentialHistogram(
                io.opentelemetry.proto.metrics.v1.ExponentialHistogram.newBuilder()
                    .addDataPoints(
                        io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint.newBuilder()
                            .addAttributes(pii)
                            .addExemplars(Exemplar.newBuilder().addFilteredAttributes(pii))))
            .build();
    Metric summary =
        Metric.newBuilder()
            .setName("m")
            .setSummary(
                io.opentelemetry.proto.metrics.v1.Summary.newBuilder()
                    .addDataPoints(
                        io.opentelemetry.proto.metrics.v1.SummaryDataPoint.newBuilder()
                            .addAttributes(pii)))
            .build();
    NumberDataPoint cleanPoint = NumberDataPoint.newBuilder().addAttributes(plain).build();
    Metric gauge =
        Metric.newBuilder()
            .setName("g")
            .setGauge(
                Gauge.newBuilder()
                    .addDataPoints(cleanPoint)
                    .addDataPoints(NumberDataPoint.newBuilder().addAttributes(pii)))
            .build();
    Metric empty = Metric.newBuilder().setName("no data").build();
    ScopeMetrics cleanScope =
        ScopeMetrics.newBuilder()
            .addMetrics(
                Metric.newBuilder()
                    .setName("clean")
                    .setGauge(Gauge.newBuilder().addDataPoints(cleanPoint)))
            .build();
    ResourceMetrics cleanResource =
        ResourceMetrics.newBuilder().addScopeMetrics(cleanScope).build();
    ExportMetricsServiceRequest req =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(cleanResource)
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .addScopeMetrics(cleanScope)
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(sum)
                            .addMetrics(histogram)
                            .addMetrics(exponential)
                            .addMetrics(summary)
                            .addMetrics(gauge)
                            .addMetrics(empty)))
            .build();
    Redacted<ExportMetricsServiceRequest> out = r.redact(req);
    assertThat(out.message().toString()).doesNotContain(EMAIL);
    assertThat(out.message().getResourceMetrics(0)).isSameAs(cleanResource);
    assertThat(out.message().getResourceMetrics(1).getScopeMetrics(0)).isSameAs(cleanScope);
    ScopeMetrics walked = out.message().getResourceMetrics(1).getScopeMetrics(1);
    assertThat(walked.getMetrics(4).getGauge().getDataPoints(0)).isSameAs(cleanPoint);
    assertThat(walked.getMetrics(5)).isSameAs(empty);
    RedactionCounts c = out.counts();
    assertThat(
            c.get(
                RedactionCounts.Signal.METRICS,
                RedactionCounts.Location.METRIC_ATTRIBUTE,
                DetectorKind.EMAIL,
                Action.HASH))
        .isEqualTo(5);
    assertThat(
            c.get(
                RedactionCounts.Signal.METRICS,
                RedactionCounts.Location.EXEMPLAR_ATTRIBUTE,
                DetectorKind.EMAIL,
                Action.HASH))
        .isEqualTo(2);
    assertThat(shared.snapshot()).isEqualTo(c);
  }

  @Test
  void aNegativeCounterOnTheResourceCountsAsZero() {
    ExportLogsServiceRequest req =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(
                                counter("mirador.redaction.email.hash.log_attribute", -5))
                            .addAttributes(
                                KeyValue.newBuilder()
                                    .setKey("mirador.redaction.email.hash.log_body")
                                    .setValue(AnyValue.newBuilder().setStringValue("many"))))
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setBody(AnyValue.newBuilder().setStringValue(EMAIL))
                                    .addAttributes(kv("a", EMAIL)))))
            .build();
    Map<String, Long> counters =
        counters(redactor.redact(req).message().getResourceLogs(0).getResource());
    assertThat(counters)
        .containsEntry("mirador.redaction.email.hash.log_attribute", 1L)
        .containsEntry("mirador.redaction.email.hash.log_body", 1L);
  }

  private static KeyValue counter(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  static Map<String, Long> counters(Resource resource) {
    return resource.getAttributesList().stream()
        .filter(a -> a.getKey().startsWith("mirador.redaction."))
        .collect(Collectors.toMap(KeyValue::getKey, a -> a.getValue().getIntValue()));
  }
}
