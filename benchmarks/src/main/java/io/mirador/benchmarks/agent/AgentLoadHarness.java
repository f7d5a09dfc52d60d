package io.mirador.benchmarks.agent;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.mirador.benchmarks.LocalCore;
import io.mirador.benchmarks.ProcFs;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.ingest.IngestMethods;
import io.mirador.ingest.v1.PushResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Load harness for the agent (issue 6): starts the packaged agent as its own process (optionally
 * pinned to CPUs with taskset), a sink core that acknowledges every sealed batch, and sends
 * realistic spans (15 attributes, some PII) over OTLP/gRPC in 100-span requests.
 *
 * <p>Phase 1 (closed loop, {@code --concurrency} requests in flight): the highest rate of spans the
 * agent answers success for, i.e. redacted, sealed and fsynced in its queue. Phase 2 (open loop at
 * {@code --rate} spans/s): the export latency the agent adds, p50/p99. The agent's RSS is sampled
 * from /proc during both.
 *
 * <pre>
 * java -cp ... io.mirador.benchmarks.agent.AgentLoadHarness \
 *   --agent-jar mirador-agent/target/quarkus-app/quarkus-run.jar --agent-cpus 1 \
 *   --warmup 20 --seconds 30 --concurrency 16 --rate 50000 [--durability disk|memory]
 * </pre>
 */
public final class AgentLoadHarness {
  private static final MethodDescriptor<byte[], byte[]> EXPORT =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
          .setRequestMarshaller(IngestMethods.SerializedBytes.INSTANCE)
          .setResponseMarshaller(IngestMethods.SerializedBytes.INSTANCE)
          .build();

  private static final MethodDescriptor<byte[], byte[]> PUSH =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(IngestMethods.PUSH.getFullMethodName())
          .setRequestMarshaller(IngestMethods.SerializedBytes.INSTANCE)
          .setResponseMarshaller(IngestMethods.SerializedBytes.INSTANCE)
          .build();

  private AgentLoadHarness() {}

  public static void main(String[] args) throws Exception {
    String jar = arg(args, "--agent-jar", "mirador-agent/target/quarkus-app/quarkus-run.jar");
    String cpus = arg(args, "--agent-cpus", "");
    int warmup = Integer.parseInt(arg(args, "--warmup", "20"));
    int seconds = Integer.parseInt(arg(args, "--seconds", "30"));
    int concurrency = Integer.parseInt(arg(args, "--concurrency", "16"));
    int rate = Integer.parseInt(arg(args, "--rate", "50000"));
    String durability = arg(args, "--durability", "disk");
    String heap = arg(args, "--agent-heap", "256m");
    String jvmArgs = arg(args, "--agent-jvm-args", "");

    Path work = Files.createTempDirectory("mirador-agent-load");
    LongAdder sinkBatches = new LongAdder();
    LongAdder sinkBytes = new LongAdder();
    byte[] stored =
        PushResponse.newBuilder().setResult(PushResponse.Result.STORED).build().toByteArray();
    Server sink =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                ServerServiceDefinition.builder("mirador.ingest.v1.Ingest")
                    .addMethod(
                        PUSH,
                        ServerCalls.asyncUnaryCall(
                            (req, out) -> {
                              sinkBatches.increment();
                              sinkBytes.add(req.length);
                              out.onNext(stored);
                              out.onCompleted();
                            }))
                    .build())
            .build()
            .start();
    X25519KeyPair coreKey = X25519KeyPair.generate(new SecureRandom());
    Path coreKeyFile = work.resolve("core-public");
    Files.writeString(
        coreKeyFile,
        "core-load-1 " + Base64.getEncoder().encodeToString(coreKey.publicKey().bytes()) + "\n");
    int grpcPort = LocalCore.freePort();
    int httpPort = LocalCore.freePort();
    Path config = work.resolve("agent.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "agent: {id: load-agent, tenant: acme, host: load-host, dataDir: "
                + work.resolve("data")
                + "}",
            "receivers:",
            "  grpc: {host: 127.0.0.1, port: " + grpcPort + "}",
            "  http: {host: 127.0.0.1, port: " + httpPort + "}",
            // Memory mode keeps the queue on the heap: the agent refuses a budget over half of it.
            "queue: {durability: "
                + durability
                + (durability.equals("memory") ? ", maxBytes: 64MiB" : "")
                + "}",
            "core:",
            "  endpoints: [\"127.0.0.1:" + sink.getPort() + "\"]",
            "  publicKeyFile: " + coreKeyFile,
            ""));
    List<String> cmd = new ArrayList<>();
    if (!cpus.isEmpty()) {
      cmd.addAll(List.of("taskset", "-c", cpus));
    }
    cmd.addAll(
        List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
    if (!jvmArgs.isBlank()) {
      cmd.addAll(List.of(jvmArgs.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-jar", jar));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("MIRADOR_AGENT_CONFIG", config.toString());
    pb.redirectErrorStream(true).redirectOutput(work.resolve("agent.log").toFile());
    Process agent = pb.start();
    try {
      waitReady(httpPort, agent, work);
      System.out.printf(
          Locale.ROOT,
          "agent pid %d on CPUs '%s', heap %s, durability %s, load average %.2f%n",
          agent.pid(),
          cpus.isEmpty() ? "all" : cpus,
          heap,
          durability,
          ProcFs.loadAverage());
      List<byte[]> requests = requests(200, 100, new Random(42));
      System.out.printf(Locale.ROOT, "request size %d bytes (100 spans)%n", requests.get(0).length);
      ManagedChannel ch =
          NettyChannelBuilder.forAddress("127.0.0.1", grpcPort)
              .usePlaintext()
              .flowControlWindow(8 << 20)
              .build();
      RssSampler rss = new RssSampler(agent.pid());
      rss.start();
      closedLoop(ch, requests, concurrency, warmup, false);
      double cpu0 = ProcFs.cpuSeconds(agent.pid());
      long[] result = closedLoop(ch, requests, concurrency, seconds, true);
      double cpu = ProcFs.cpuSeconds(agent.pid()) - cpu0;
      double spansPerSecond = result[0] * 100.0 / seconds;
      System.out.printf(
          Locale.ROOT,
          "closed loop, %d in flight: %.0f spans/s acknowledged (%d requests, %d refused) over %d s%n",
          concurrency,
          spansPerSecond,
          result[0],
          result[1],
          seconds);
      System.out.printf(
          Locale.ROOT,
          "  agent CPU %.1f s in %d s (%.0f%% of one core): %.0f spans per CPU-second%n",
          cpu,
          seconds,
          cpu * 100 / seconds,
          result[0] * 100.0 / cpu);
      long rssClosed = rss.maxAndReset();
      System.out.printf(Locale.ROOT, "  agent RSS max %.1f MiB%n", rssClosed / 1024.0 / 1024.0);
      double cpu1 = ProcFs.cpuSeconds(agent.pid());
      long t1 = System.nanoTime();
      openLoop(ch, requests, rate, seconds);
      System.out.printf(
          Locale.ROOT,
          "  agent CPU during the open loop: %.0f%% of one core%n",
          (ProcFs.cpuSeconds(agent.pid()) - cpu1) * 100 / ((System.nanoTime() - t1) / 1e9));
      System.out.printf(
          Locale.ROOT, "  agent RSS max %.1f MiB%n", rss.maxAndReset() / 1024.0 / 1024.0);
      System.out.printf(
          Locale.ROOT,
          "sink received %d sealed batches, %.1f MiB; load average %.2f%n",
          sinkBatches.sum(),
          sinkBytes.sum() / 1024.0 / 1024.0,
          ProcFs.loadAverage());
      rss.interrupt();
      ch.shutdownNow();
    } finally {
      agent.destroy();
      agent.waitFor(10, TimeUnit.SECONDS);
      agent.destroyForcibly();
      sink.shutdownNow();
    }
  }

  private static long[] closedLoop(
      ManagedChannel ch, List<byte[]> requests, int concurrency, int seconds, boolean report)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(concurrency);
    LongAdder ok = new LongAdder();
    LongAdder refused = new LongAdder();
    Recorder latency = new Recorder(3);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int i = 0;
    while (System.nanoTime() < end) {
      inFlight.acquire();
      byte[] body = requests.get(i++ % requests.size());
      long t0 = System.nanoTime();
      var f =
          ClientCalls.futureUnaryCall(
              ch.newCall(EXPORT, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
              body);
      f.addListener(
          () -> {
            try {
              f.get();
              ok.increment();
              latency.recordValue((System.nanoTime() - t0) / 1000);
            } catch (Exception e) {
              refused.increment();
            }
            inFlight.release();
          },
          Runnable::run);
    }
    inFlight.acquire(concurrency);
    if (report) {
      var h = latency.getIntervalHistogram();
      System.out.printf(
          Locale.ROOT,
          "  latency under saturation: p50 %.1f ms, p99 %.1f ms%n",
          h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0);
    }
    return new long[] {ok.sum(), refused.sum()};
  }

  private static void openLoop(
      ManagedChannel ch, List<byte[]> requests, int spansPerSecond, int seconds)
      throws InterruptedException {
    long intervalNanos = 1_000_000_000L * 100 / spansPerSecond;
    LongAdder ok = new LongAdder();
    LongAdder failed = new LongAdder();
    Recorder latency = new Recorder(3);
    AtomicLong outstanding = new AtomicLong();
    long start = System.nanoTime();
    long n = (long) seconds * spansPerSecond / 100;
    for (long i = 0; i < n; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      byte[] body = requests.get((int) (i % requests.size()));
      outstanding.incrementAndGet();
      var f =
          ClientCalls.futureUnaryCall(
              ch.newCall(EXPORT, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
              body);
      f.addListener(
          () -> {
            try {
              f.get();
              ok.increment();
              // From the intended send time: a stalled sender is not hidden (coordinated omission).
              latency.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
            } catch (Exception e) {
              failed.increment();
            }
            outstanding.decrementAndGet();
          },
          Runnable::run);
    }
    while (outstanding.get() > 0) {
      Thread.sleep(10);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    var h = latency.getIntervalHistogram();
    System.out.printf(
        Locale.ROOT,
        "open loop at %d spans/s: achieved %.0f spans/s, %d failed; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        spansPerSecond,
        ok.sum() * 100 / elapsed,
        failed.sum(),
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0);
  }

  /** Samples VmRSS of a process every 200 ms and keeps the maximum. */
  private static final class RssSampler extends Thread {
    private final long pid;
    private volatile long max;

    RssSampler(long pid) {
      this.pid = pid;
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        max = Math.max(max, ProcFs.statusBytes(pid, "VmRSS:"));
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long maxAndReset() {
      long m = max;
      max = 0;
      return m;
    }
  }

  static List<byte[]> requests(int count, int spansPerRequest, Random r) {
    List<byte[]> out = new ArrayList<>();
    String[] routes = {"/api/orders", "/api/cart", "/api/users/{id}", "/api/checkout", "/health"};
    String[] services = {"frontend", "cart", "checkout", "payment", "shipping"};
    for (int c = 0; c < count; c++) {
      ScopeSpans.Builder ss =
          ScopeSpans.newBuilder()
              .setScope(
                  InstrumentationScope.newBuilder()
                      .setName("io.opentelemetry.netty-4.1")
                      .setVersion("2.10.0"));
      byte[] trace = new byte[16];
      for (int i = 0; i < spansPerRequest; i++) {
        if (i % 10 == 0) {
          r.nextBytes(trace);
        }
        byte[] span = new byte[8];
        r.nextBytes(span);
        long start = 1_763_700_000_000_000_000L + r.nextInt(1_000_000_000);
        String route = routes[r.nextInt(routes.length)];
        boolean pii = r.nextInt(10) == 0;
        Span.Builder s =
            Span.newBuilder()
                .setTraceId(ByteString.copyFrom(trace))
                .setSpanId(ByteString.copyFrom(span))
                .setParentSpanId(i % 10 == 0 ? ByteString.EMPTY : ByteString.copyFrom(span, 0, 8))
                .setName("GET " + route)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(start)
                .setEndTimeUnixNano(start + 1_000_000 + r.nextInt(50_000_000))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_UNSET));
        s.addAttributes(kv("http.request.method", "GET"));
        s.addAttributes(kv("http.route", route));
        s.addAttributes(
            KeyValue.newBuilder()
                .setKey("http.response.status_code")
                .setValue(AnyValue.newBuilder().setIntValue(r.nextInt(20) == 0 ? 500 : 200)));
        s.addAttributes(
            kv(
                "url.full",
                "https://shop.example.com"
                    + route
                    + (pii
                        ? "?email=user" + r.nextInt(1000) + "@example.com"
                        : "?page=" + r.nextInt(9))));
        s.addAttributes(kv("url.scheme", "https"));
        s.addAttributes(kv("server.address", "shop.example.com"));
        s.addAttributes(
            KeyValue.newBuilder()
                .setKey("server.port")
                .setValue(AnyValue.newBuilder().setIntValue(443)));
        s.addAttributes(kv("client.address", "203.0.113." + r.nextInt(255)));
        s.addAttributes(
            kv(
                "user_agent.original",
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0"));
        s.addAttributes(kv("network.protocol.version", "1.1"));
        s.addAttributes(kv("thread.name", "reactor-http-epoll-" + r.nextInt(8)));
        s.addAttributes(kv("code.function", "handle" + route.replaceAll("[^a-z]", "")));
        s.addAttributes(
            kv(
                "db.statement",
                "SELECT id, total FROM orders WHERE customer_id = "
                    + r.nextInt(100000)
                    + " AND state = 'open'"));
        s.addAttributes(kv("enduser.id", "u-" + r.nextInt(100000)));
        s.addAttributes(
            kv(
                "app.note",
                pii
                    ? "call +1 415 555 0" + (100 + r.nextInt(99)) + " re card 4111 1111 1111 1111"
                    : "ok"));
        ss.addSpans(s);
      }
      String service = services[c % services.length];
      out.add(
          ExportTraceServiceRequest.newBuilder()
              .addResourceSpans(
                  ResourceSpans.newBuilder()
                      .setResource(
                          Resource.newBuilder()
                              .addAttributes(kv("service.name", service))
                              .addAttributes(kv("service.version", "1.4.2"))
                              .addAttributes(kv("telemetry.sdk.language", "java"))
                              .addAttributes(kv("host.name", "node-" + (c % 3))))
                      .addScopeSpans(ss))
              .build()
              .toByteArray());
    }
    return out;
  }

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  private static void waitReady(int httpPort, Process agent, Path work) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      if (!agent.isAlive()) {
        throw new IllegalStateException(
            "agent exited: " + Files.readString(work.resolve("agent.log")));
      }
      try {
        var resp =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("agent not ready in 60 s");
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
