package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.mirador.ingest.IngestMethods;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A short overload burst against the packaged agent (issue 18), in front of the real core: many
 * concurrent senders over OTLP/HTTP and gRPC at once, with a small memory budget so that the agent
 * must refuse. Asserts the OTLP throttling answers (HTTP 429 with Retry-After, gRPC
 * RESOURCE_EXHAUSTED with a google.rpc.RetryInfo, nothing else), the agent's RSS under the cap the
 * operator sets (heap + direct memory + 128 MiB for the JVM itself), and that every span of every
 * accepted request reaches the store. The two-minute, ten-times-capacity run is the benchmark
 * harness {@code io.mirador.benchmarks.overload.OverloadHarness} (benchmarks/README.md, Overload).
 */
class OverloadIT {
  private static final int SENDERS_PER_PROTOCOL = 32;
  private static final int SPANS = 50;

  /** The burst lasts this long, longer (up to LONGEST) until each answer was seen a few times. */
  private static final Duration BURST = Duration.ofSeconds(15);

  private static final Duration LONGEST = Duration.ofSeconds(75);
  private static final long RSS_CAP = (192L + 64 + 128) << 20;
  private static final MethodDescriptor<byte[], byte[]> EXPORT =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
          .setRequestMarshaller(IngestMethods.SerializedBytes.INSTANCE)
          .setResponseMarshaller(IngestMethods.SerializedBytes.INSTANCE)
          .build();

  private final AtomicLong nextSpan = new AtomicLong(1);
  private final Set<String> acceptedSpanIds = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
  private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Test
  void aBurstIsThrottledWithRetryHintsWithinTheMemoryCapAndNoAcknowledgedSpanIsLost()
      throws Exception {
    Path dir = ItDirs.fresh("overload");
    try (RealCore core = new RealCore(dir.resolve("core"), "acme").start();
        AgentProcess agent =
            new AgentProcess(
                dir.resolve("agent"),
                "\"" + core.grpcEndpoint() + "\"",
                core.publicKeyFile(),
                "memory: {limitBytes: 1MiB}")) {
      agent.start(
          List.of(
              "-Xmx192m",
              "-XX:+UseSerialGC",
              "-XX:MaxDirectMemorySize=64m",
              "-XX:ReservedCodeCacheSize=48m",
              "-XX:MaxMetaspaceSize=96m"),
          Map.of("MALLOC_ARENA_MAX", "2"));
      core.registerAgent("agent-it", agent.publicKeyBase64());
      AtomicLong rssPeak = new AtomicLong();
      Thread sampler =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      rssPeak.accumulateAndGet(rss(agent.pid()), Math::max);
                      try {
                        Thread.sleep(100);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      ManagedChannel channel =
          NettyChannelBuilder.forTarget("127.0.0.1:" + agent.grpcPort).usePlaintext().build();
      long start = System.nanoTime();
      java.util.function.BooleanSupplier over =
          () -> {
            long elapsed = System.nanoTime() - start;
            return elapsed > LONGEST.toNanos()
                || elapsed > BURST.toNanos()
                    && count("http 200") >= 5
                    && count("grpc OK") >= 5
                    && count("http 429 hinted") >= 5
                    && count("grpc RESOURCE_EXHAUSTED hinted") >= 5;
          };
      List<Thread> senders = new ArrayList<>();
      for (int i = 0; i < SENDERS_PER_PROTOCOL; i++) {
        senders.add(Thread.ofVirtual().start(() -> sendHttp(http, agent, over)));
        senders.add(Thread.ofVirtual().start(() -> sendGrpc(channel, over)));
      }
      for (Thread t : senders) {
        t.join();
      }
      channel.shutdownNow();
      http.close();
      sampler.interrupt();

      System.out.printf("overload burst answers: %s%n", answers);
      assertThat(problems).as("answers other than success or throttling").isEmpty();
      assertThat(count("http 200")).as("HTTP requests accepted").isPositive();
      assertThat(count("grpc OK")).as("gRPC requests accepted").isPositive();
      assertThat(count("http 429 hinted")).as("HTTP 429 with Retry-After").isPositive();
      assertThat(count("grpc RESOURCE_EXHAUSTED hinted"))
          .as("gRPC RESOURCE_EXHAUSTED with RetryInfo")
          .isPositive();
      assertThat(rssPeak.get()).as("agent RSS peak (bytes)").isLessThan(RSS_CAP);
      assertThat(
              agent.metric(
                  "mirador_agent_request_errors_total{reason=\"too_large\",signal=\"traces\"}"))
          .as("throttling is not counted as too large")
          .isZero();
      assertThat(
              agent.metric(
                  "mirador_agent_request_errors_total{reason=\"overloaded\",signal=\"traces\"}"))
          .isGreaterThanOrEqualTo(
              count("http 429 hinted") + count("grpc RESOURCE_EXHAUSTED hinted"));

      awaitDrained(agent, Duration.ofSeconds(90));
      Set<String> stored = ConcurrentHashMap.newKeySet();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Set<String> missing;
      do {
        stored.clear();
        for (JsonNode s : core.all("spans", "")) {
          stored.add(s.path("spanId").asText());
        }
        missing = new java.util.HashSet<>(acceptedSpanIds);
        missing.removeAll(stored);
        if (missing.isEmpty()) {
          break;
        }
        Thread.sleep(1000);
      } while (System.nanoTime() < deadline);
      System.out.printf(
          "overload burst: answers %s, accepted spans %d, stored %d, agent RSS peak %d MiB%n",
          answers, acceptedSpanIds.size(), stored.size(), rssPeak.get() >> 20);
      assertThat(missing).as("acknowledged spans missing from the store").isEmpty();
    }
  }

  /** As an SDK does after a throttling answer: wait the hinted delay (then send the next batch). */
  private static void backOff(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long count(String key) {
    AtomicLong n = answers.get(key);
    return n == null ? 0 : n.get();
  }

  private void note(String key) {
    answers.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  private void sendHttp(
      HttpClient http, AgentProcess agent, java.util.function.BooleanSupplier over) {
    while (!over.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      List<String> ids = new ArrayList<>();
      byte[] body = request(ids);
      try {
        HttpResponse<byte[]> r =
            http.send(
                HttpRequest.newBuilder(URI.create(agent.httpBase() + "/v1/traces"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) {
          note("http 200");
          acceptedSpanIds.addAll(ids);
        } else if (r.statusCode() == 429
            && r.headers().firstValue("Retry-After").map(v -> Long.parseLong(v) >= 1).orElse(false)
            && com.google.rpc.Status.parseFrom(r.body()).getDetails(0).is(RetryInfo.class)) {
          note("http 429 hinted");
          backOff(r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L) * 1000);
        } else {
          problems.add("HTTP " + r.statusCode() + " " + r.headers().map());
        }
      } catch (IOException e) {
        problems.add("HTTP " + e);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sendGrpc(ManagedChannel channel, java.util.function.BooleanSupplier over) {
    while (!over.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      List<String> ids = new ArrayList<>();
      byte[] body = request(ids);
      try {
        ClientCalls.blockingUnaryCall(
            channel,
            EXPORT,
            io.grpc.CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
            body);
        note("grpc OK");
        acceptedSpanIds.addAll(ids);
      } catch (StatusRuntimeException e) {
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        boolean hinted =
            s != null
                && s.getDetailsList().stream().anyMatch(d -> d.is(RetryInfo.class))
                && Forwarder.retryHintMillis(e) >= 1000;
        if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED && hinted) {
          note("grpc RESOURCE_EXHAUSTED hinted");
          backOff(Forwarder.retryHintMillis(e));
        } else {
          problems.add("gRPC " + e.getStatus());
        }
      }
    }
  }

  /** A request of {@link #SPANS} spans starting now, with fresh ids (hex span ids into ids). */
  private byte[] request(List<String> ids) {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    long now = System.currentTimeMillis() * 1_000_000L;
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    byte[] trace = new byte[16];
    for (int i = 0; i < SPANS; i++) {
      if (i % 10 == 0) {
        random.nextBytes(trace);
        trace[0] |= 1;
      }
      long id = nextSpan.getAndIncrement() | (1L << 60);
      byte[] spanId = java.nio.ByteBuffer.allocate(8).putLong(id).array();
      ids.add(HexFormat.of().formatHex(spanId));
      scope.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(trace))
              .setSpanId(ByteString.copyFrom(spanId))
              .setName("POST /api/checkout")
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(now - 1_000_000_000L)
              .setEndTimeUnixNano(now - 990_000_000L)
              .addAttributes(attr("http.route", "/api/checkout"))
              .addAttributes(attr("db.statement", "SELECT * FROM orders WHERE customer = ?"))
              .addAttributes(attr("customer", "mail alice" + i + "@example.com now"))
              .addAttributes(attr("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64)")));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", "shop")))
                .addScopeSpans(scope))
        .build()
        .toByteArray();
  }

  private static KeyValue attr(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  private static void awaitDrained(AgentProcess agent, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (agent.metric("mirador_agent_queue_segments") == 0
          && agent.metric("mirador_agent_queue_bytes") == 0) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the agent's queue did not drain within " + timeout);
  }

  /** VmRSS of a process from /proc, in bytes (0 once it is gone). */
  private static long rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return 0;
  }
}
