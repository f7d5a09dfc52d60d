package io.mirador.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The issue's properties, on seeded random OTLP requests: redaction is idempotent, a token never
 * contains its input, and the result is a valid OTLP message of the same shape. Also: no planted
 * PII value survives anywhere in the serialised result.
 */
class RedactionPropertiesTest {
  private static final int CASES = 300;
  private final OtlpRedactor redactor =
      OtlpRedactor.create(RedactionPolicy.defaults("acme"), TestKeys.key());

  @Test
  void tracesAreIdempotentValidAndSameShape() throws Exception {
    for (int seed = 0; seed < CASES; seed++) {
      OtlpGenerator gen = new OtlpGenerator(seed);
      ExportTraceServiceRequest in = gen.traces();
      Redacted<ExportTraceServiceRequest> once = redactor.redact(in);
      Redacted<ExportTraceServiceRequest> twice = redactor.redact(once.message());
      assertThat(twice.message()).as("seed %d idempotent", seed).isEqualTo(once.message());
      assertThat(twice.counts().isEmpty()).as("seed %d second pass counts", seed).isTrue();
      ExportTraceServiceRequest parsed =
          ExportTraceServiceRequest.parseFrom(once.message().toByteArray());
      assertThat(parsed).isEqualTo(once.message());
      assertThat(shape(parsed)).as("seed %d shape", seed).isEqualTo(shape(in));
      assertNoPlantedValue(gen, once.message(), seed);
    }
  }

  @Test
  void logsAreIdempotentValidAndSameShape() throws Exception {
    for (int seed = 0; seed < CASES; seed++) {
      OtlpGenerator gen = new OtlpGenerator(10_000 + seed);
      ExportLogsServiceRequest in = gen.logs();
      Redacted<ExportLogsServiceRequest> once = redactor.redact(in);
      Redacted<ExportLogsServiceRequest> twice = redactor.redact(once.message());
      assertThat(twice.message()).as("seed %d idempotent", seed).isEqualTo(once.message());
      ExportLogsServiceRequest parsed =
          ExportLogsServiceRequest.parseFrom(once.message().toByteArray());
      assertThat(parsed).isEqualTo(once.message());
      assertThat(shape(parsed)).as("seed %d shape", seed).isEqualTo(shape(in));
      assertNoPlantedValue(gen, once.message(), seed);
    }
  }

  @Test
  void metricsAreIdempotentValidAndSameShape() throws Exception {
    for (int seed = 0; seed < CASES; seed++) {
      OtlpGenerator gen = new OtlpGenerator(20_000 + seed);
      ExportMetricsServiceRequest in = gen.metrics();
      Redacted<ExportMetricsServiceRequest> once = redactor.redact(in);
      Redacted<ExportMetricsServiceRequest> twice = redactor.redact(once.message());
      assertThat(twice.message()).as("seed %d idempotent", seed).isEqualTo(once.message());
      ExportMetricsServiceRequest parsed =
          ExportMetricsServiceRequest.parseFrom(once.message().toByteArray());
      assertThat(parsed).isEqualTo(once.message());
      assertThat(shape(parsed)).as("seed %d shape", seed).isEqualTo(shape(in));
      assertNoPlantedValue(gen, once.message(), seed);
    }
  }

  @Test
  void aTokenNeverContainsItsInput() {
    Tokenizer tokenizer = new Tokenizer(TestKeys.key(), "pii:", 16, "[REDACTED]");
    Random random = new Random(7);
    String alphabet = "pi:0123456789abcdef@.xyz";
    for (int i = 0; i < 20_000; i++) {
      int len = 1 + random.nextInt(i % 2 == 0 ? 4 : 24);
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < len; k++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String input = sb.toString();
      String token = tokenizer.token(input);
      assertThat(token).as("token for %s", input).doesNotContain(input);
      assertThat(tokenizer.token(input)).isEqualTo(token);
    }
    Redactor r = Redactor.create(RedactionPolicy.defaults("acme"), TestKeys.key());
    OtlpGenerator gen = new OtlpGenerator(99);
    for (int i = 0; i < 2_000; i++) {
      String pii = gen.pii();
      assertThat(r.redactText(pii)).doesNotContain(pii);
    }
  }

  /**
   * The issue's encodings: any planted value, percent-encoded in a URL query (as {@code URLEncoder}
   * writes it: {@code %40}, {@code +} for a space), JSON-escaped ({@code \u0040}) or written with
   * HTML references, does not survive once the output is decoded by an independent decoder (the
   * JDK's, Jackson's), and redacting again changes nothing.
   */
  @Test
  void encodedValuesDoNotSurviveDecoding() throws Exception {
    Redactor r = Redactor.create(RedactionPolicy.defaults("acme"), TestKeys.key());
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (int seed = 0; seed < 1_000; seed++) {
      OtlpGenerator gen = new OtlpGenerator(seed);
      String pii = gen.pii();

      String url =
          "https://shop.example.com/p?v="
              + java.net.URLEncoder.encode(pii, StandardCharsets.UTF_8)
              + "&page=2";
      String redactedUrl =
          r.redactAttributes(List.of(RedactorTest.kv("url.full", url)))
              .get(0)
              .getValue()
              .getStringValue();
      assertThat(java.net.URLDecoder.decode(redactedUrl, StandardCharsets.UTF_8))
          .as("seed %d: %s", seed, redactedUrl)
          .doesNotContain(pii);

      StringBuilder escaped = new StringBuilder();
      for (char c : pii.toCharArray()) {
        escaped.append(
            Character.isLetterOrDigit(c) ? String.valueOf(c) : String.format("\\u%04x", (int) c));
      }
      String body = r.redactText("{\"v\":\"" + escaped + "\",\"n\":1}");
      assertThat(json.readTree(body).get("v").asText())
          .as("seed %d: %s", seed, body)
          .doesNotContain(pii);

      String html = "<td>" + pii.replace("@", "&#64;").replace(".", "&period;") + "</td>";
      String page = r.redactText(html);
      assertThat(page.replace("&#64;", "@").replace("&period;", "."))
          .as("seed %d: %s", seed, page)
          .doesNotContain(pii);
      assertThat(r.redactText(page)).isEqualTo(page);
      assertThat(r.redactText(body)).isEqualTo(body);
    }
  }

  @Test
  void textRedactionIsIdempotent() {
    Redactor r = Redactor.create(RedactionPolicy.defaults("acme"), TestKeys.key());
    for (int seed = 0; seed < 2_000; seed++) {
      OtlpGenerator gen = new OtlpGenerator(seed);
      String text = gen.text() + " " + gen.text();
      String once = r.redactText(text);
      assertThat(r.redactText(once)).as("seed %d: %s", seed, once).isEqualTo(once);
    }
  }

  private static void assertNoPlantedValue(OtlpGenerator gen, Message message, int seed) {
    // Serialised bytes hold every string and bytes value verbatim.
    String wire = new String(message.toByteArray(), StandardCharsets.ISO_8859_1);
    for (String planted : gen.planted) {
      assertThat(wire).as("seed %d leaks %s", seed, planted).doesNotContain(planted);
    }
  }

  /** Everything except attribute lists, names, bodies and messages: ids, times, counts. */
  static String shape(ExportTraceServiceRequest r) {
    StringBuilder sb = new StringBuilder();
    for (ResourceSpans rs : r.getResourceSpansList()) {
      sb.append("R[");
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        sb.append("S")
            .append(ss.getScope().getName())
            .append(ss.getScope().getVersion())
            .append('[');
        for (Span s : ss.getSpansList()) {
          sb.append(s.getTraceId().toStringUtf8().hashCode())
              .append('/')
              .append(s.getSpanId().hashCode())
              .append('/')
              .append(s.getParentSpanId().hashCode())
              .append('/')
              .append(s.getStartTimeUnixNano())
              .append('/')
              .append(s.getEndTimeUnixNano())
              .append('/')
              .append(s.getKind())
              .append('/')
              .append(s.getStatus().getCode())
              .append(" e")
              .append(s.getEventsCount());
          s.getEventsList().forEach(e -> sb.append(',').append(e.getTimeUnixNano()));
          sb.append(" l").append(s.getLinksCount());
          s.getLinksList()
              .forEach(
                  l ->
                      sb.append(',')
                          .append(l.getTraceId().hashCode())
                          .append(l.getSpanId().hashCode()));
          sb.append(';');
        }
        sb.append(']');
      }
      sb.append(']');
    }
    return sb.toString();
  }

  static String shape(ExportLogsServiceRequest r) {
    StringBuilder sb = new StringBuilder();
    for (ResourceLogs rl : r.getResourceLogsList()) {
      sb.append("R[");
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        sb.append("S[");
        for (LogRecord l : sl.getLogRecordsList()) {
          sb.append(l.getTimeUnixNano())
              .append('/')
              .append(l.getTraceId().hashCode())
              .append('/')
              .append(l.getSpanId().hashCode())
              .append('/')
              .append(l.getSeverityText())
              .append('/')
              .append(
                  l.hasBody()
                      ? l.getBody().getValueCase()
                              == io.opentelemetry.proto.common.v1.AnyValue.ValueCase.KVLIST_VALUE
                          ? "map"
                          : "value"
                      : "none")
              .append(';');
        }
        sb.append(']');
      }
      sb.append(']');
    }
    return sb.toString();
  }

  static String shape(ExportMetricsServiceRequest r) throws InvalidProtocolBufferException {
    StringBuilder sb = new StringBuilder();
    for (ResourceMetrics rm : r.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          sb.append(m.getName()).append(':').append(m.getDataCase()).append('(');
          switch (m.getDataCase()) {
            case GAUGE ->
                m.getGauge()
                    .getDataPointsList()
                    .forEach(
                        d ->
                            sb.append(d.getAsDouble())
                                .append(',')
                                .append(d.getExemplarsCount())
                                .append(';'));
            case SUM ->
                m.getSum()
                    .getDataPointsList()
                    .forEach(
                        d ->
                            sb.append(d.getAsDouble())
                                .append(',')
                                .append(d.getExemplarsCount())
                                .append(';'));
            case HISTOGRAM ->
                m.getHistogram()
                    .getDataPointsList()
                    .forEach(
                        d ->
                            sb.append(d.getCount())
                                .append(',')
                                .append(d.getExemplarsCount())
                                .append(';'));
            case EXPONENTIAL_HISTOGRAM ->
                m.getExponentialHistogram()
                    .getDataPointsList()
                    .forEach(d -> sb.append(d.getExemplarsCount()).append(';'));
            case SUMMARY -> sb.append(m.getSummary().getDataPointsCount());
            default -> sb.append('?');
          }
          sb.append(')');
        }
      }
    }
    return sb.toString();
  }
}
