package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import io.mirador.agent.AgentCounters.RequestError;
import io.mirador.crypto.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission control under overload: memory reservations (held from a request's headers, grown to
 * its decoded size, released once), the queueing-delay guard, and the answers a throttled request
 * gets (429 / RESOURCE_EXHAUSTED with a retry hint, counted as overloaded, not as too large).
 */
class AdmissionTest {
  @TempDir Path dir;

  @Test
  void reservationsStayWithinTheBudgetAndAreReleasedOnce() {
    MemoryLimiter limiter = new MemoryLimiter(1000, 100);
    MemoryLimiter.Reservation a = limiter.reserve(600);
    assertThat(a).isNotNull();
    assertThat(limiter.reserve(600)).as("over the budget beside another").isNull();
    MemoryLimiter.Reservation b = limiter.reserve(300);
    assertThat(b).isNotNull();
    assertThat(b.growTo(500)).as("growing past the budget").isFalse();
    assertThat(b.bytes()).isEqualTo(300);
    assertThat(b.growTo(400)).isTrue();
    assertThat(limiter.inFlightBytes()).isEqualTo(1000);
    assertThat(limiter.saturated()).isTrue();
    b.close();
    b.close();
    assertThat(limiter.inFlightBytes()).isEqualTo(600);
    a.close();
    assertThat(limiter.inFlightBytes()).isZero();
    // Alone in flight, one request may exceed the budget, and grow (a large gzip body).
    MemoryLimiter.Reservation big = limiter.reserve(5000);
    assertThat(big).isNotNull();
    assertThat(big.growTo(8000)).isTrue();
    assertThat(limiter.reserve(1)).isNull();
    big.close();
    assertThat(limiter.inFlightBytes()).isZero();
    assertThat(big.growTo(9000)).as("a closed reservation does not grow").isFalse();
    assertThat(limiter.inFlightBytes()).isZero();
  }

  @Test
  void longWaitsForAWorkerRefuseNewRequestsUntilTheQueueCatchesUp() throws Exception {
    MemoryLimiter limiter = new MemoryLimiter(1 << 20, 100, Duration.ofMillis(200));
    assertThat(limiter.saturated()).isFalse();
    assertThat(limiter.tookAfterWait(Duration.ofMillis(50).toNanos())).isTrue();
    assertThat(limiter.saturated()).isFalse();
    // Over half the limit: new requests are refused at their headers, this one is still served.
    assertThat(limiter.tookAfterWait(Duration.ofMillis(150).toNanos())).isTrue();
    assertThat(limiter.saturated()).isTrue();
    assertThat(limiter.reason()).contains("wait 150 ms").contains("limit 200 ms");
    // Over the limit: refused instead of processed.
    assertThat(limiter.tookAfterWait(Duration.ofMillis(250).toNanos())).isFalse();
    // The queue catches up: admission resumes.
    assertThat(limiter.tookAfterWait(Duration.ofMillis(10).toNanos())).isTrue();
    assertThat(limiter.saturated()).isFalse();
    // A long wait is old news after the limit has passed without another measurement.
    limiter.tookAfterWait(Duration.ofMillis(180).toNanos());
    assertThat(limiter.saturated()).isTrue();
    Thread.sleep(250);
    assertThat(limiter.saturated()).isFalse();
    // With nothing queued behind, a long wait is a slow host, not a backlog: no refusal.
    int[] queued = {0};
    limiter.backlog(() -> queued[0]);
    assertThat(limiter.tookAfterWait(Duration.ofMillis(900).toNanos())).isTrue();
    assertThat(limiter.saturated()).isFalse();
    queued[0] = 3;
    assertThat(limiter.saturated()).isTrue();
    assertThat(limiter.tookAfterWait(Duration.ofMillis(900).toNanos())).isFalse();
  }

  @Test
  void aRequestThatWaitedTooLongIsThrottledUnprocessed() throws Exception {
    try (FakeCore core = new FakeCore(0);
        Agent agent = Agent.start(TestAgents.config(dir, core, Map.of()))) {
      OtlpHttpHandler http = agent.http();
      byte[] body = Fixtures.traces(new Random(3), 5).toByteArray();
      long admitted = System.nanoTime() - Duration.ofSeconds(2).toNanos();
      // The agent wires its own workers' queue: nothing queued, so a long wait is a slow host.
      OtlpHttpHandler.Response slowHost =
          http.handle(
                  Signal.TRACES,
                  "application/x-protobuf",
                  null,
                  body,
                  agent.limiter().reserve(body.length * 6L),
                  admitted)
              .get();
      assertThat(slowHost.status()).isEqualTo(200);
      // With work queued behind it, the same wait is overload.
      agent.limiter().backlog(() -> 1);
      MemoryLimiter.Reservation held = agent.limiter().reserve(body.length * 6L);
      OtlpHttpHandler.Response r =
          http.handle(Signal.TRACES, "application/x-protobuf", null, body, held, admitted).get();
      assertThat(r.status()).isEqualTo(429);
      assertThat(r.retryAfterSeconds()).isEqualTo(1);
      com.google.rpc.Status status = com.google.rpc.Status.parseFrom(r.body());
      assertThat(status.getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
      assertThat(status.getMessage()).contains("waited").contains("for a worker");
      assertThat(status.getDetails(0).is(com.google.rpc.RetryInfo.class)).isTrue();
      assertThat(agent.counters().requestErrors(Signal.TRACES, RequestError.OVERLOADED))
          .isEqualTo(1);
      assertThat(agent.counters().get(Signal.TRACES, AgentCounters.Kind.ACCEPTED)).isEqualTo(5);
      assertThat(agent.limiter().inFlightBytes()).as("reservation released").isZero();
      // Admitted now, the same request is accepted and its reservation released when answered.
      MemoryLimiter.Reservation again = agent.limiter().reserve(body.length * 6L);
      OtlpHttpHandler.Response ok =
          http.handle(Signal.TRACES, "application/x-protobuf", null, body, again, System.nanoTime())
              .get();
      assertThat(ok.status()).isEqualTo(200);
      assertThat(agent.counters().get(Signal.TRACES, AgentCounters.Kind.ACCEPTED)).isEqualTo(10);
      assertThat(agent.limiter().inFlightBytes()).isZero();
    }
  }
}
