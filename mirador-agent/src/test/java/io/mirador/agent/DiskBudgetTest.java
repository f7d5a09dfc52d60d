package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.crypto.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core is unreachable and the queue's disk budget runs out: the agent keeps answering success
 * (its data is on disk until it has to make room), drops the oldest segments, counts what it
 * dropped, and never holds more than the budget on disk.
 */
class DiskBudgetTest {
  @TempDir Path dir;

  @Test
  void fullQueueDropsOldestCountsItAndKeepsServing() throws Exception {
    FakeCore core = new FakeCore(0);
    AgentConfig config =
        TestAgents.config(
            dir,
            core,
            Map.of(
                "MIRADOR_AGENT_QUEUE_MAXBYTES", "1MiB",
                "MIRADOR_AGENT_BATCH_MAXBYTES", "65536",
                "MIRADOR_AGENT_BATCH_MAXDELAYMILLIS", "1"));
    core.close(); // the core is down for the whole test
    try (Agent agent = Agent.start(config)) {
      Random r = new Random(11);
      long accepted = 0;
      for (int i = 0; i < 600; i++) {
        byte[] body = Fixtures.traces(r, 100).toByteArray();
        OtlpHttpHandler.Response resp =
            agent.http().handle(Signal.TRACES, "application/x-protobuf", null, body).get();
        assertThat(resp.status()).isEqualTo(200);
        accepted += 100;
      }
      AgentCounters c = agent.counters();
      assertThat(c.get(Signal.TRACES, AgentCounters.Kind.ACCEPTED)).isEqualTo(accepted);
      long dropped = c.get(Signal.TRACES, AgentCounters.Kind.DROPPED);
      assertThat(dropped).isPositive();
      assertThat(c.droppedBatches()).isPositive();
      assertThat(c.get(Signal.TRACES, AgentCounters.Kind.SENT)).isZero();
      long onDisk;
      try (Stream<Path> files = Files.list(config.queueDir())) {
        onDisk = files.mapToLong(p -> p.toFile().length()).sum();
      }
      // In flight to the (unreachable) core at most four segments beyond the budget.
      assertThat(agent.queue().bytes()).isLessThanOrEqualTo(1024 * 1024 + 4 * 80 * 1024);
      assertThat(onDisk).isEqualTo(agent.queue().bytes());
      assertThat(agent.health().queueOk()).isFalse();
      assertThat(agent.health().coreReachable()).isFalse();
    }
  }
}
