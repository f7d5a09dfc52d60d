package io.mirador.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Regressions found by {@link BatchOpenerFuzzTest}. */
class CompressorsTest {
  /** Fuzzing input BatchOpenerFuzzTestInputs/decompress/zstd-empty-frame. */
  @Test
  void anEmptyZstdFrameIsMalformedNotAnIndexError() {
    assertThatThrownBy(() -> Compressors.decompress(Compression.ZSTD, new byte[0], 1024))
        .isInstanceOf(Compressors.DecompressionException.class)
        .hasMessage("empty zstd frame");
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void anEmptyBodyIsAResultOrADecompressionError(Compression compression) {
    try {
      assertThat(Compressors.decompress(compression, new byte[0], 1024)).isEmpty();
    } catch (Compressors.DecompressionException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
