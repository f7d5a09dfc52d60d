package io.mirador.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.Message;
import io.mirador.crypto.Signal;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link OtlpDecoder}. The last input byte picks the signal, the rest is
 * the body. Contract: a message, or an {@link InvalidOtlpException} with a message; a decoded
 * request re-encodes to protobuf and decodes to the same request.
 *
 * <p>Normal builds replay {@code OtlpDecoderFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1} fuzzes
 * (see benchmarks/README.md, "Fuzzing").
 */
class OtlpDecoderFuzzTest {
  private static final Signal[] SIGNALS = {Signal.TRACES, Signal.METRICS, Signal.LOGS};

  // Per input: libFuzzer reports a slower input as a timeout (a hang).
  @Timeout(10)
  @FuzzTest(maxDuration = "2m")
  void protobuf(FuzzedDataProvider data) {
    check(OtlpDecoder.Format.PROTOBUF, data);
  }

  // Per input: libFuzzer reports a slower input as a timeout (a hang).
  @Timeout(10)
  @FuzzTest(maxDuration = "2m")
  void json(FuzzedDataProvider data) {
    check(OtlpDecoder.Format.JSON, data);
  }

  private static void check(OtlpDecoder.Format format, FuzzedDataProvider data) {
    Signal signal = SIGNALS[data.consumeInt(0, SIGNALS.length - 1)];
    byte[] body = data.consumeRemainingAsBytes();
    Message decoded;
    try {
      decoded = OtlpDecoder.decode(signal, format, body);
    } catch (InvalidOtlpException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(decoded).isNotNull();
    Message again = roundTrip(signal, decoded);
    assertThat(again).isEqualTo(decoded);
  }

  private static Message roundTrip(Signal signal, Message decoded) {
    try {
      return OtlpDecoder.decode(signal, OtlpDecoder.Format.PROTOBUF, decoded.toByteArray());
    } catch (InvalidOtlpException e) {
      throw new AssertionError("a decoded request does not decode again: " + e.getMessage(), e);
    }
  }
}
