package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mirador.crypto.Signal;
import io.mirador.otlp.InvalidOtlpException;
import io.mirador.otlp.OtlpDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of what the agent's OTLP receivers add to the shared {@link OtlpDecoder}
 * (fuzzed on its own in the otlp module): the Content-Type parsing of the HTTP receiver ({@link
 * OtlpHttpHandler#format}) and {@link OtlpCodec}'s removal of records with malformed ids, which
 * rebuilds the request. Contract: a media type the receiver does not take is refused before any
 * parsing; a body is {@code Ok} or {@code Bad} with a reason, never an exception; what an {@code
 * Ok} keeps has only well-formed ids (decoding it again rejects nothing and keeps as many records),
 * and the kept and rejected records add up to what the shared decoder reads in the body.
 *
 * <p>Normal builds replay {@code OtlpCodecFuzzTestInputs/decode/}; {@code JAZZER_FUZZ=1} fuzzes
 * (benchmarks/README.md, "Fuzzing"). The gzip step of the HTTP receiver is the JDK's inflater
 * behind a size limit, covered by {@code ParserFuzzTest} and the receiver tests.
 */
class OtlpCodecFuzzTest {
  private static final Signal[] SIGNALS = {Signal.TRACES, Signal.METRICS, Signal.LOGS};
  private static final String[] MEDIA_TYPES = {
    "application/x-protobuf", "application/json", "application/protobuf"
  };

  /**
   * Loads the decoders' classes (protobuf, the JSON reader) before the first input, whose 10 s
   * would otherwise include them on a loaded machine.
   */
  @BeforeAll
  static void warmUp() {
    for (Signal signal : SIGNALS) {
      OtlpCodec.decode(signal, "{}".getBytes(StandardCharsets.UTF_8), OtlpDecoder.Format.JSON);
      OtlpCodec.decode(signal, new byte[0], OtlpDecoder.Format.PROTOBUF);
    }
  }

  // Per input: libFuzzer reports a slower input as a timeout (a hang).
  @Timeout(10)
  @FuzzTest(maxDuration = "90s")
  void decode(FuzzedDataProvider data) {
    Signal signal = SIGNALS[data.consumeInt(0, SIGNALS.length - 1)];
    String contentType =
        data.consumeBoolean()
            ? data.consumeString(64)
            : MEDIA_TYPES[data.consumeInt(0, MEDIA_TYPES.length - 1)]
                + (data.consumeBoolean() ? "; charset=utf-8" : "");
    byte[] body = data.consumeRemainingAsBytes();

    OtlpDecoder.Format format = OtlpHttpHandler.format(contentType);
    if (format == null) {
      return; // refused with 415 before the body is read
    }
    switch (OtlpCodec.decode(signal, body, format)) {
      case OtlpCodec.Decoded.Bad bad -> assertThat(bad.reason()).isNotBlank();
      case OtlpCodec.Decoded.Ok ok -> {
        assertThat(ok.signal()).isEqualTo(signal);
        assertThat(ok.records()).isNotNegative();
        assertThat(ok.rejected()).isNotNegative();
        if (ok.rejected() > 0) {
          assertThat(ok.rejectReason()).isNotBlank();
        }
        OtlpCodec.Decoded again =
            OtlpCodec.decode(signal, ok.message().toByteArray(), OtlpDecoder.Format.PROTOBUF);
        assertThat(again).isInstanceOf(OtlpCodec.Decoded.Ok.class);
        OtlpCodec.Decoded.Ok kept = (OtlpCodec.Decoded.Ok) again;
        assertThat(kept.rejected()).as("records left with malformed ids").isZero();
        assertThat(kept.records()).isEqualTo(ok.records());
        assertThat(ok.records() + ok.rejected())
            .as("kept and rejected records")
            .isEqualTo(sent(signal, body, format));
      }
    }
  }

  /** Records in the request as the shared decoder reads it (metrics: data points). */
  private static int sent(Signal signal, byte[] body, OtlpDecoder.Format format) {
    try {
      return switch (OtlpDecoder.decode(signal, format, body)) {
        case ExportTraceServiceRequest r ->
            r.getResourceSpansList().stream()
                .flatMap(x -> x.getScopeSpansList().stream())
                .mapToInt(x -> x.getSpansCount())
                .sum();
        case ExportLogsServiceRequest r ->
            r.getResourceLogsList().stream()
                .flatMap(x -> x.getScopeLogsList().stream())
                .mapToInt(x -> x.getLogRecordsCount())
                .sum();
        case ExportMetricsServiceRequest r -> OtlpCodec.dataPoints(r);
        default -> throw new AssertionError("unexpected message");
      };
    } catch (InvalidOtlpException e) {
      throw new AssertionError("the codec accepted what the decoder refuses", e);
    }
  }
}
