package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.crypto.QueueFileCipher;
import io.mirador.crypto.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchQueueTest {
  @TempDir Path dir;

  private static List<Path> segments(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".mq")).sorted().toList();
    }
  }

  @Test
  void appendIsDurableAndSurvivesARestart() throws Exception {
    QueueFileCipher cipher = Fixtures.queueCipher();
    AgentCounters counters = new AgentCounters();
    BatchQueue q = BatchQueue.durable(dir, cipher, 1 << 30, counters, Clock.systemUTC());
    q.append(
            List.of(
                Fixtures.batch(1, Signal.TRACES, 10, 1000), Fixtures.batch(2, Signal.LOGS, 5, 500)))
        .get();
    assertThat(segments(dir)).hasSize(1);
    assertThat(counters.get(Signal.TRACES, AgentCounters.Kind.QUEUED)).isEqualTo(10);
    // The file is encrypted: the frame magic is not visible.
    byte[] raw = Files.readAllBytes(segments(dir).get(0));
    assertThat(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("MIRQ");
    q.close();

    // "Crash": a new queue over the same directory sends everything again.
    BatchQueue again =
        BatchQueue.durable(dir, cipher, 1 << 30, new AgentCounters(), Clock.systemUTC());
    BatchQueue.Dispatch d = again.takeNext(1000);
    assertThat(d).isNotNull();
    assertThat(d.batches()).extracting(QueuedBatch::sequence).containsExactly(1L, 2L);
    assertThat(d.batches().get(1).signal()).isEqualTo(Signal.LOGS);
    again.complete(d.segment());
    assertThat(segments(dir)).isEmpty();
    assertThat(again.bytes()).isZero();
    again.close();
  }

  @Test
  void unfinishedTemporaryFilesAreDiscardedAndCorruptSegmentsSetAside() throws Exception {
    QueueFileCipher cipher = Fixtures.queueCipher();
    BatchQueue q = BatchQueue.durable(dir, cipher, 1 << 30, new AgentCounters(), Clock.systemUTC());
    q.append(List.of(Fixtures.batch(1, Signal.TRACES, 1, 100))).get();
    q.append(List.of(Fixtures.batch(2, Signal.TRACES, 1, 100))).get();
    q.close();
    List<Path> files = segments(dir);
    Files.write(dir.resolve("00000000000000000099.mq.tmp"), new byte[] {1, 2, 3});
    byte[] second = Files.readAllBytes(files.get(1));
    second[second.length - 3] ^= 1;
    Files.write(files.get(1), second);

    AgentCounters counters = new AgentCounters();
    BatchQueue again = BatchQueue.durable(dir, cipher, 1 << 30, counters, Clock.systemUTC());
    assertThat(again.segments()).isEqualTo(1);
    assertThat(counters.droppedBatches()).isEqualTo(1);
    assertThat(Files.exists(dir.resolve("00000000000000000099.mq.tmp"))).isFalse();
    assertThat(Files.exists(files.get(1).resolveSibling(files.get(1).getFileName() + ".corrupt")))
        .isTrue();
    again.close();
  }

  @Test
  void diskBudgetExhaustedDropsOldestCountsItAndKeepsAccepting() throws Exception {
    AgentCounters counters = new AgentCounters();
    long budget = 64 * 1024;
    BatchQueue q =
        BatchQueue.durable(dir, Fixtures.queueCipher(), budget, counters, Clock.systemUTC());
    for (int i = 0; i < 40; i++) {
      q.append(List.of(Fixtures.batch(i, Signal.TRACES, 100, 8 * 1024))).get();
    }
    assertThat(q.bytes()).isLessThanOrEqualTo(budget);
    long dropped = counters.get(Signal.TRACES, AgentCounters.Kind.DROPPED);
    assertThat(dropped).isGreaterThan(0).isEqualTo(100L * counters.droppedBatches());
    assertThat(counters.get(Signal.TRACES, AgentCounters.Kind.QUEUED)).isEqualTo(4000);
    // What is left is the newest data.
    BatchQueue.Dispatch d = q.takeNext(1000);
    assertThat(d.batches().get(0).sequence()).isEqualTo(40 - (4000 - dropped) / 100);
    long onDisk = 0;
    for (Path p : segments(dir)) {
      onDisk += Files.size(p);
    }
    assertThat(onDisk).isEqualTo(q.bytes());
    q.close();
  }

  @Test
  void segmentsBeingSentAreNotDropped() throws Exception {
    AgentCounters counters = new AgentCounters();
    BatchQueue q = BatchQueue.inMemory(3 * 1100, counters, Clock.systemUTC());
    q.append(List.of(Fixtures.batch(1, Signal.LOGS, 1, 1000))).get();
    BatchQueue.Dispatch sending = q.takeNext(100);
    for (int i = 2; i < 10; i++) {
      q.append(List.of(Fixtures.batch(i, Signal.LOGS, 1, 1000))).get();
    }
    assertThat(counters.get(Signal.LOGS, AgentCounters.Kind.DROPPED)).isEqualTo(6);
    q.complete(sending.segment());
    assertThat(q.takeNext(100).batches().get(0).sequence()).isEqualTo(8);
    q.close();
  }
}
