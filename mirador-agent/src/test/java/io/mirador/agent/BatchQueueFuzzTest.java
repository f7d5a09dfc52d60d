package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the queue segment reader ({@link BatchQueue#readFrames}), which reads
 * files a crash, a full disk or another process may have damaged. Contract: the batches, or an
 * {@link IOException} with a message; what was read writes back to the bytes it was read from.
 */
class BatchQueueFuzzTest {
  // Per input: libFuzzer reports a slower input as a timeout (a hang).
  @Timeout(10)
  @FuzzTest(maxDuration = "2m")
  void readFrames(FuzzedDataProvider data) {
    byte[] segment = data.consumeRemainingAsBytes();
    ByteArrayInputStream in = new ByteArrayInputStream(segment);
    List<QueuedBatch> batches;
    try {
      batches = BatchQueue.readFrames(in);
    } catch (IOException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    try {
      assertThat(BatchQueue.frames(batches))
          .isEqualTo(Arrays.copyOf(segment, segment.length - in.available()));
    } catch (IOException e) {
      throw new AssertionError("writing frames to memory failed", e);
    }
  }
}
