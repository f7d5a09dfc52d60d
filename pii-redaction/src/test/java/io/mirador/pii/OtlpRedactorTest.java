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
    Map<String, Long> resourceCounts = counters(out.message().getResourceSpans(0).getResource());
    assertThat(resourceCounts).containsEntry("mirador.redaction.email.hash", 8L);
    assertThat(redactor.metrics().snapshot().get(DetectorKind.EMAIL, Action.HASH)).isEqualTo(8);
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
        .containsEntry("mirador.redaction.key_rule.mask", 1L)
        .containsEntry("mirador.redaction.credit_card.mask", 1L)
        .containsEntry("mirador.redaction.ip_address.hash", 1L)
        .containsEntry("mirador.redaction.auth_credential.mask", 1L);
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
        .containsEntry("mirador.redaction.email.mask", 1L)
        .containsEntry("mirador.redaction.ip_address.mask", 1L);
  }

  static Map<String, Long> counters(Resource resource) {
    return resource.getAttributesList().stream()
        .filter(a -> a.getKey().startsWith("mirador.redaction."))
        .collect(Collectors.toMap(KeyValue::getKey, a -> a.getValue().getIntValue()));
  }
}
