package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The packaged agent is SIGKILLed in the middle of a stream from the real OpenTelemetry SDK
 * (OTLP/HTTP protobuf) and restarted on the same data directory: every span it acknowledged reaches
 * the core, and none is stored twice. The core here is the in-JVM {@link FakeCore} (it opens the
 * sealed batches and keeps a replay set like the real core); EndToEndCoreIT repeats this against
 * the real core.
 */
class AgentCrashIT {
  private final Path dir = ItDirs.fresh("agent-crash");

  /** Records which spans the agent acknowledged (export succeeded). */
  static final class AckRecorder implements SpanExporter {
    final SpanExporter delegate;
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final Set<String> attempted = ConcurrentHashMap.newKeySet();

    AckRecorder(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      spans.forEach(s -> attempted.add(s.getSpanId()));
      CompletableResultCode r = delegate.export(spans);
      r.whenComplete(
          () -> {
            if (r.isSuccess()) {
              spans.forEach(s -> acked.add(s.getSpanId()));
            }
          });
      return r;
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }

  static void await(BooleanSupplier cond, Duration timeout, String what)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(what + ": not within " + timeout);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void sigkillMidStreamLosesNothingAcknowledgedAndStoresNothingTwice() throws Exception {
    try (FakeCore core = new FakeCore(0)) {
      try (AgentProcess agent = AgentProcess.forwardingTo(core, dir)) {
        agent.start();
        core.expectedSender = agent.publicKey();
        AckRecorder recorder =
            new AckRecorder(
                OtlpHttpSpanExporter.builder()
                    .setEndpoint(agent.httpBase() + "/v1/traces")
                    .setRetryPolicy(null)
                    .setTimeout(Duration.ofSeconds(5))
                    .build());
        SdkTracerProvider tracing =
            SdkTracerProvider.builder()
                .setResource(
                    Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "crash")))
                .addSpanProcessor(
                    BatchSpanProcessor.builder(recorder)
                        .setScheduleDelay(Duration.ofMillis(20))
                        .setMaxExportBatchSize(50)
                        .setMaxQueueSize(100_000)
                        .build())
                .build();
        var tracer = tracing.get("crash-test");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        boolean killed = false;
        boolean restarted = false;
        long started = System.nanoTime();
        int n = 0;
        while (System.nanoTime() < until) {
          tracer
              .spanBuilder("op")
              .setAttribute("user.email", "frank" + n + "@example.com")
              .startSpan()
              .end();
          n++;
          if (n % 20 == 0) {
            Thread.sleep(2);
          }
          long elapsed = System.nanoTime() - started;
          if (!killed && elapsed > TimeUnit.SECONDS.toNanos(2)) {
            assertThat(recorder.acked).isNotEmpty();
            agent.kill();
            killed = true;
          }
          if (killed && !restarted && elapsed > TimeUnit.SECONDS.toNanos(3)) {
            agent.start();
            restarted = true;
          }
        }
        assertThat(tracing.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
        Set<String> acked = Set.copyOf(recorder.acked);
        assertThat(acked.size()).isGreaterThan(100);
        assertThat(acked.size()).isLessThan(recorder.attempted.size());

        try {
          await(
              () -> storedSpanIds(core).keySet().containsAll(acked),
              Duration.ofSeconds(60),
              "every acknowledged span stored");
        } catch (AssertionError e) {
          Set<String> missing = new java.util.HashSet<>(acked);
          missing.removeAll(storedSpanIds(core).keySet());
          throw new AssertionError(
              missing.size()
                  + " of "
                  + acked.size()
                  + " acknowledged spans missing; core stored "
                  + core.stored.size()
                  + " batches, "
                  + core.calls.get()
                  + " calls, rejections "
                  + core.rejections
                  + "; agent metrics: "
                  + agent
                      .get("/q/metrics")
                      .lines()
                      .filter(l -> l.startsWith("mirador_agent"))
                      .toList(),
              e);
        }
        Map<String, Integer> stored = storedSpanIds(core);
        assertThat(stored.values()).allMatch(c -> c == 1);
        assertThat(stored.keySet()).isSubsetOf(recorder.attempted);
        assertThat(core.rejections).isEmpty();
        tracing.shutdown().join(5, TimeUnit.SECONDS);
      }
    }
  }

  static Map<String, Integer> storedSpanIds(FakeCore core) {
    Map<String, Integer> ids = new HashMap<>();
    for (var t : core.traces) {
      for (var rs : t.getResourceSpansList()) {
        for (var ss : rs.getScopeSpansList()) {
          for (var s : ss.getSpansList()) {
            ids.merge(HexFormat.of().formatHex(s.getSpanId().toByteArray()), 1, Integer::sum);
          }
        }
      }
    }
    return ids;
  }
}
