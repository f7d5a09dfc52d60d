package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import org.junit.jupiter.api.Test;

/** Inputs found by {@link BatchQueueFuzzTest}. */
class BatchQueueFindingsTest {
  /** Fuzzing input: the empty segment (a file cut before its first frame header). */
  @Test
  void anEmptySegmentIsATruncatedSegmentWithAMessage() {
    assertThatThrownBy(() -> BatchQueue.readFrames(new ByteArrayInputStream(new byte[0])))
        .isInstanceOf(EOFException.class)
        .hasMessage("truncated queue segment");
  }

  @Test
  void aSegmentCutInsideAFrameHeaderIsTruncatedToo() {
    byte[] magicAndOneBatch = {0x4d, 0x51, 0x42, 0x31, 0, 0, 0, 1, 0, 0};
    assertThatThrownBy(() -> BatchQueue.readFrames(new ByteArrayInputStream(magicAndOneBatch)))
        .isInstanceOf(EOFException.class)
        .hasMessage("truncated queue segment");
  }
}
