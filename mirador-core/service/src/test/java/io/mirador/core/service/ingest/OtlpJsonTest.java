package io.mirador.core.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.core.ingest.OtlpRequest;
import io.mirador.crypto.Signal;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {
  private static OtlpRequest parse(String json) throws Exception {
    return OtlpJson.parse(Signal.TRACES, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void idsAreHexEnumsMayBeNumbersAndUnknownFieldsAreIgnored() throws Exception {
    OtlpRequest request =
        parse(
            """
            {"resourceSpans":[{"scopeSpans":[{"spans":[{
              "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
              "parentSpanId":"","name":"GET /","kind":2,"startTimeUnixNano":"1544712660000000000",
              "links":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708"}],
              "newField":{"nested":[1,2,3]}}]}]}]}
            """);
    Span span =
        ((OtlpRequest.Traces) request).request().getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray()))
        .isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(HexFormat.of().formatHex(span.getSpanId().toByteArray()))
        .isEqualTo("eee19b7ec3c1b174");
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(span.getLinks(0).getSpanId().size()).isEqualTo(8);
  }

  @Test
  void badInputGetsAMessageWithoutItsValues() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"secret-not-hex\"}]}]}]}"))
        .isInstanceOf(OtlpJson.InvalidJsonException.class)
        .hasMessageContaining("traceId must be hex")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> parse("[1,2]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> parse("{\"resourceSpans\":\"x\"}"))
        .hasMessageContaining("not an OTLP traces request");
    assertThatThrownBy(() -> parse("[".repeat(10_000)))
        .isInstanceOf(OtlpJson.InvalidJsonException.class);
  }
}
