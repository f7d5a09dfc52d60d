package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.mirador.crypto.BatchHeader;
import io.mirador.crypto.BatchSealer;
import io.mirador.crypto.KeyKind;
import io.mirador.crypto.Signal;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.crypto.X25519PublicKey;
import io.mirador.ingest.WireBatches;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForwarderTest {
  private FakeCore core;
  private ManagedChannel channel;
  private ScheduledExecutorService scheduler;
  private BatchQueue queue;
  private Forwarder forwarder;
  private final AgentCounters counters = new AgentCounters();
  private final X25519KeyPair agentKey = X25519KeyPair.generate(Fixtures.RANDOM);

  @BeforeEach
  void setUp() throws Exception {
    core = new FakeCore(0);
    core.expectedSender = agentKey.publicKey();
    channel = NettyChannelBuilder.forTarget("127.0.0.1:" + core.port()).usePlaintext().build();
    scheduler = Executors.newScheduledThreadPool(2);
    queue = BatchQueue.inMemory(1 << 30, counters, Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    if (forwarder != null) {
      forwarder.close();
    }
    queue.close();
    channel.shutdownNow();
    scheduler.shutdownNow();
    core.close();
  }

  private void startForwarder(Duration initial, Duration max) {
    forwarder =
        new Forwarder(
                queue,
                List.of(new Forwarder.Endpoint("core", channel, 4)),
                counters,
                scheduler,
                scheduler,
                Duration.ofSeconds(5),
                initial,
                max)
            .start();
  }

  private QueuedBatch sealed(long seq, int spans) {
    X25519PublicKey coreKey =
        X25519PublicKey.of(core.keyring.primary(KeyKind.X25519, "").orElseThrow().publicKey());
    BatchSealer sealer =
        BatchSealer.builder().recipient(core.keyId, coreKey).sender(agentKey).build();
    byte[] otlp = Fixtures.traces(new java.util.Random(seq), spans).toByteArray();
    var b = sealer.seal(new BatchHeader("acme", "a1", core.keyId, seq, Signal.TRACES), otlp);
    return new QueuedBatch(
        seq,
        Signal.TRACES,
        0,
        spans,
        System.currentTimeMillis(),
        WireBatches.toWire(b).toByteArray());
  }

  private static void await(BooleanSupplier cond, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void sendsEveryBatchUntilAcknowledgedAndDeletesTheSegment() throws Exception {
    startForwarder(Duration.ofMillis(10), Duration.ofMillis(100));
    for (int i = 1; i <= 20; i++) {
      queue.append(List.of(sealed(i, 5))).get();
    }
    await(
        () -> counters.get(Signal.TRACES, AgentCounters.Kind.SENT) == 100, Duration.ofSeconds(10));
    assertThat(core.spanCount()).isEqualTo(100);
    await(() -> queue.segments() == 0, Duration.ofSeconds(5));
  }

  @Test
  void retriesUnavailableHonouringTheRetryHint() throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(2);
    List<Long> callTimes = new ArrayList<>();
    com.google.rpc.Status hint =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.UNAVAILABLE.value())
            .setMessage("store down")
            .addDetails(
                Any.pack(
                    RetryInfo.newBuilder()
                        .setRetryDelay(
                            com.google.protobuf.Duration.newBuilder().setNanos(300_000_000))
                        .build()))
            .build();
    core.failure =
        b -> {
          synchronized (callTimes) {
            callTimes.add(System.nanoTime());
          }
          return failuresLeft.getAndDecrement() > 0
              ? StatusProto.toStatusRuntimeException(hint)
              : null;
        };
    startForwarder(Duration.ofMillis(1), Duration.ofMillis(5));
    queue.append(List.of(sealed(1, 3))).get();
    await(() -> counters.get(Signal.TRACES, AgentCounters.Kind.SENT) == 3, Duration.ofSeconds(10));
    assertThat(callTimes).hasSize(3);
    // Backoff alone would retry after <= 5 ms; the core asked for 300 ms.
    for (int i = 1; i < 3; i++) {
      assertThat(TimeUnit.NANOSECONDS.toMillis(callTimes.get(i) - callTimes.get(i - 1)))
          .isGreaterThanOrEqualTo(300);
    }
    assertThat(core.spanCount()).isEqualTo(3);
  }

  @Test
  void coreDownThenBackDeliversEveryBatchExactlyOnce() throws Exception {
    int port = core.port();
    var keys = core.keyring;
    List<QueuedBatch> batches = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      batches.add(sealed(i, 2));
    }
    core.close();
    startForwarder(Duration.ofMillis(20), Duration.ofMillis(200));
    for (QueuedBatch b : batches) {
      queue.append(List.of(b)).get();
    }
    Thread.sleep(800);
    assertThat(forwarder.coreReachable()).isFalse();
    assertThat(counters.get(Signal.TRACES, AgentCounters.Kind.SENT)).isZero();
    assertThat(queue.segments()).isEqualTo(10);

    core = new FakeCore(port, keys);
    core.expectedSender = agentKey.publicKey();
    // Two batches are stored but their acks are lost: the retries must not be stored again.
    core.loseAckOnce.add(3L);
    core.loseAckOnce.add(7L);
    await(() -> counters.get(Signal.TRACES, AgentCounters.Kind.SENT) == 20, Duration.ofSeconds(15));
    assertThat(core.stored).hasSize(10);
    assertThat(core.spanCount()).isEqualTo(20);
    assertThat(core.duplicates.get()).isEqualTo(2);
    await(() -> queue.segments() == 0, Duration.ofSeconds(5));
    await(forwarder::coreReachable, Duration.ofSeconds(5));
  }

  @Test
  void permanentRefusalDropsAndCountsTheBatch() throws Exception {
    core.failure = b -> b.getSequence() == 2 ? Status.INVALID_ARGUMENT.asRuntimeException() : null;
    startForwarder(Duration.ofMillis(5), Duration.ofMillis(50));
    queue.append(List.of(sealed(1, 1), sealed(2, 4), sealed(3, 1))).get();
    await(() -> queue.segments() == 0, Duration.ofSeconds(10));
    assertThat(counters.get(Signal.TRACES, AgentCounters.Kind.SENT)).isEqualTo(2);
    assertThat(counters.get(Signal.TRACES, AgentCounters.Kind.DROPPED)).isEqualTo(4);
    assertThat(counters.droppedBatches()).isEqualTo(1);
  }

  @Test
  void readinessSeesAnUnreachableCoreWithoutTraffic() throws Exception {
    int port = core.port();
    core.close();
    ManagedChannel idle = NettyChannelBuilder.forTarget("127.0.0.1:" + port).usePlaintext().build();
    try {
      Forwarder.Endpoint e = new Forwarder.Endpoint("down", idle, 1);
      await(() -> !e.reachable(), Duration.ofSeconds(10));
    } finally {
      idle.shutdownNow();
      core = new FakeCore(0);
    }
  }

  @Test
  void backoffGrowsExponentiallyWithJitterUpToTheCap() {
    startForwarder(Duration.ofMillis(100), Duration.ofSeconds(2));
    for (int attempt = 0; attempt < 10; attempt++) {
      long ceiling = Math.min(2000, 100L << attempt);
      for (int i = 0; i < 50; i++) {
        assertThat(forwarder.backoffMillis(attempt, 0)).isBetween(ceiling / 2, ceiling);
      }
    }
    assertThat(forwarder.backoffMillis(0, 5000)).isBetween(5000L, 5501L);
  }
}
