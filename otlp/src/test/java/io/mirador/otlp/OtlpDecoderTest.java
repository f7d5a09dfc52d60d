package io.mirador.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.mirador.crypto.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OtlpDecoderTest {
  private static Message json(Signal signal, String json) throws InvalidOtlpException {
    return OtlpDecoder.decode(
        signal, OtlpDecoder.Format.JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  private static ExportTraceServiceRequest traces(Span span) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
        .build();
  }

  private static Span span(String name) {
    return Span.newBuilder()
        .setTraceId(
            ByteString.copyFrom(HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c")))
        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("eee19b7ec3c1b174")))
        .setName(name)
        .build();
  }

  @Test
  void idsAreHexEnumsMayBeNumbersAndUnknownFieldsAreIgnored() throws Exception {
    Message request =
        json(
            Signal.TRACES,
            """
            {"resourceSpans":[{"scopeSpans":[{"spans":[{
              "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
              "parentSpanId":"","name":"GET /","kind":2,"startTimeUnixNano":"1544712660000000000",
              "links":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708"}],
              "newField":{"nested":[1,2,3]}}]}]}]}
            """);
    Span span =
        ((ExportTraceServiceRequest) request).getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray()))
        .isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(HexFormat.of().formatHex(span.getSpanId().toByteArray()))
        .isEqualTo("eee19b7ec3c1b174");
    assertThat(span.getParentSpanId().isEmpty()).isTrue();
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(span.getLinks(0).getSpanId().size()).isEqualTo(8);
  }

  @Test
  void eachSignalDecodesToItsOwnRequestInBothFormats() throws Exception {
    ExportTraceServiceRequest sent = traces(span("GET /cart"));
    assertThat(OtlpDecoder.decode(Signal.TRACES, OtlpDecoder.Format.PROTOBUF, sent.toByteArray()))
        .isEqualTo(sent);
    assertThat(json(Signal.LOGS, "{\"resourceLogs\":[]}"))
        .isInstanceOf(ExportLogsServiceRequest.class);
    // A JSON response printed by one receiver is read back unchanged (ids aside, which responses
    // do not carry).
    assertThat(
            json(Signal.LOGS, OtlpDecoder.printJson(ExportLogsServiceRequest.getDefaultInstance())))
        .isEqualTo(ExportLogsServiceRequest.getDefaultInstance());
  }

  @Test
  void badInputGetsAMessageWithoutItsValues() {
    assertThatThrownBy(
            () ->
                json(
                    Signal.TRACES,
                    "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"secret-not-hex\"}]}]}]}"))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessageContaining("traceId must be hex")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> json(Signal.TRACES, "[1,2]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> json(Signal.TRACES, "{\"resourceSpans\":\"x\"}"))
        .hasMessageContaining("not an OTLP traces request");
    assertThatThrownBy(() -> json(Signal.TRACES, "{\"resourceSpans\": [ secret"))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> json(Signal.TRACES, "{}}}} secret"))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> json(Signal.TRACES, "{} {}")).isInstanceOf(InvalidOtlpException.class);
    assertThatThrownBy(() -> json(Signal.TRACES, "[".repeat(10_000)))
        .isInstanceOf(InvalidOtlpException.class);
    assertThatThrownBy(
            () -> OtlpDecoder.decode(Signal.PROFILES, OtlpDecoder.Format.PROTOBUF, new byte[0]))
        .hasMessageContaining("profiles are not accepted");
  }

  @Test
  void protobufMustBeWholeAndShallow() {
    byte[] good = traces(span("GET /")).toByteArray();
    assertThatThrownBy(
            () ->
                OtlpDecoder.decode(
                    Signal.TRACES,
                    OtlpDecoder.Format.PROTOBUF,
                    Arrays.copyOf(good, good.length - 3)))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessage("body is not an OTLP traces request");

    // An attribute value nested 100 arrays deep: over the bound, refused, not a stack overflow.
    AnyValue value = AnyValue.newBuilder().setStringValue("x").build();
    for (int i = 0; i < 100; i++) {
      value = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value)).build();
    }
    byte[] deep =
        traces(
                span("deep").toBuilder()
                    .addAttributes(KeyValue.newBuilder().setKey("k").setValue(value))
                    .build())
            .toByteArray();
    assertThatThrownBy(() -> OtlpDecoder.decode(Signal.TRACES, OtlpDecoder.Format.PROTOBUF, deep))
        .isInstanceOf(InvalidOtlpException.class);
  }

  /** Random and mutated bodies: a request or an InvalidOtlpException, never anything else. */
  @Test
  void fuzzedBodiesNeverThrowAnythingElse() {
    Random random = new Random(20261122);
    byte[] protobuf = traces(span("GET /cart")).toByteArray();
    byte[] json = OtlpDecoder.printJson(traces(span("GET /cart"))).getBytes(StandardCharsets.UTF_8);
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      OtlpDecoder.Format format =
          i % 2 == 0 ? OtlpDecoder.Format.PROTOBUF : OtlpDecoder.Format.JSON;
      byte[] seed = format == OtlpDecoder.Format.PROTOBUF ? protobuf : json;
      byte[] body;
      if (i % 5 == 0) {
        body = new byte[random.nextInt(64)];
        random.nextBytes(body);
      } else {
        body = seed.clone();
        for (int m = 1 + random.nextInt(4); m > 0; m--) {
          body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
      }
      Signal signal = Signal.values()[random.nextInt(3)];
      try {
        assertThat(OtlpDecoder.decode(signal, format, body)).isNotNull();
      } catch (InvalidOtlpException e) {
        refused++;
        assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(120);
      }
    }
    assertThat(refused).isPositive();
  }
}
