package io.mirador.benchmarks.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.mirador.benchmarks.ProcFs;
import io.mirador.crypto.BatchHeader;
import io.mirador.crypto.BatchSealer;
import io.mirador.crypto.Signal;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.crypto.X25519PublicKey;
import io.mirador.ingest.IngestMethods;
import io.mirador.ingest.WireBatches;
import io.mirador.ingest.v1.PushResponse;
import io.mirador.ingest.v1.SealedBatch;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TelemetryStores;
import io.mirador.store.TenantId;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Load harness for the core's sealed ingest (issue 5): starts the packaged core as its own process
 * on the embedded store, seals batches of realistic spans (15 attributes, 2 events) as an agent
 * would (HPKE auth mode, zstd), all before the clock starts, then pushes them through the real
 * {@code mirador.ingest.v1.Ingest/Push} with {@code --concurrency} calls in flight. Reports spans/s
 * acknowledged as STORED, the push latency (p50/p99/max) and the core's RSS (sampled from /proc and
 * its peak, VmHWM). Afterwards the core is stopped and sampled traces are read back from its store.
 *
 * <pre>
 * java -Xmx2g --enable-native-access=ALL-UNNAMED -Dmirador.chdb.library=$LIB \
 *   -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *   io.mirador.benchmarks.core.CoreIngestLoadHarness \
 *   --core-jar mirador-core/service/target/quarkus-app/quarkus-run.jar \
 *   --spans-per-batch 1000 --batches 2400 --warmup 400 --concurrency 16
 * </pre>
 *
 * <p>The defaults are the steady-state protocol of benchmarks/README.md (2.4 M spans timed after
 * 0.4 M of warm-up, so the JIT has settled) and the core's production JVM settings, as {@code
 * ./mirador up} starts it (2 GiB heap, parallel collector).
 */
public final class CoreIngestLoadHarness {
  private CoreIngestLoadHarness() {}

  public static void main(String[] args) throws Exception {
    Path jar =
        Path.of(arg(args, "--core-jar", "mirador-core/service/target/quarkus-app/quarkus-run.jar"));
    int spansPerBatch = Integer.parseInt(arg(args, "--spans-per-batch", "1000"));
    int batches = Integer.parseInt(arg(args, "--batches", "2400"));
    int warmup = Integer.parseInt(arg(args, "--warmup", "400"));
    int concurrency = Integer.parseInt(arg(args, "--concurrency", "16"));
    String coreHeap = arg(args, "--core-heap", "2g");
    String extraJvmArgs = arg(args, "--core-jvm-args", "-XX:+UseParallelGC");
    String workers = arg(args, "--core-workers", "16");
    String library =
        System.getProperty("mirador.chdb.library", System.getenv("MIRADOR_CHDB_LIBRARY"));

    SecureRandom random = new SecureRandom();
    Path dir =
        Path.of("benchmarks/target/core-load-" + HexFormat.of().formatHex(random.generateSeed(4)))
            .toAbsolutePath();
    Files.createDirectories(dir);
    X25519KeyPair agent = X25519KeyPair.generate(random);
    Path config = dir.resolve("mirador-core.yaml");
    Files.writeString(
        config,
        """
        region: local
        dataDir: data
        regions:
          local: {storage: {type: embedded}}
        tenants:
          - id: load
            region: local
            agents: [{id: load-agent, publicKey: "%s"}]
        """
            .formatted(Base64.getEncoder().encodeToString(agent.publicKey().bytes())));
    int http = freePort();
    int grpc = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Dmirador.chdb.library=" + library);
    command.add("-Xmx" + coreHeap);
    for (String extra : extraJvmArgs.split(" ")) {
      if (!extra.isBlank()) {
        command.add(extra);
      }
    }
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("core.log").toFile());
    builder.environment().put("MIRADOR_CONFIG", config.toString());
    builder.environment().put("MIRADOR_HTTP_PORT", Integer.toString(http));
    builder.environment().put("MIRADOR_GRPC_PORT", Integer.toString(grpc));
    builder.environment().put("MIRADOR_INGEST_WORKERS", workers);
    builder.environment().remove("MIRADOR_DATA_DIR");
    Process core = builder.start();
    List<String> firstTraceIds = new ArrayList<>();
    System.out.printf("core pid %d, logs %s%n", core.pid(), dir.resolve("core.log"));
    try {
      awaitReady(core, http);
      JsonNode keys =
          new ObjectMapper().readTree(Files.readString(dir.resolve("data/keys/core-public.json")));
      String keyId = keys.path("active").asText();
      X25519PublicKey coreKey = null;
      for (JsonNode k : keys.path("keys")) {
        if (k.path("keyId").asText().equals(keyId)) {
          coreKey = X25519PublicKey.of(Base64.getDecoder().decode(k.path("publicKey").asText()));
        }
      }
      BatchSealer sealer = BatchSealer.builder().recipient(keyId, coreKey).sender(agent).build();

      long sealStart = System.nanoTime();
      CoreSpans spans = new CoreSpans(42);
      List<byte[]> sealed = new ArrayList<>(warmup + batches);
      long plainBytes = 0;
      long sealedBytes = 0;
      for (int i = 0; i < warmup + batches; i++) {
        byte[] otlp = spans.request(spansPerBatch, firstTraceIds).toByteArray();
        plainBytes += otlp.length;
        SealedBatch wire =
            WireBatches.toWire(
                sealer.seal(
                    new BatchHeader("load", "load-agent", keyId, i + 1, Signal.TRACES), otlp));
        byte[] bytes = wire.toByteArray();
        sealedBytes += bytes.length;
        sealed.add(bytes);
      }
      System.out.printf(
          Locale.ROOT,
          "sealed %d batches of %d spans in %.1f s: %.0f KiB OTLP -> %.0f KiB sealed per batch%n",
          sealed.size(),
          spansPerBatch,
          (System.nanoTime() - sealStart) / 1e9,
          plainBytes / 1024.0 / sealed.size(),
          sealedBytes / 1024.0 / sealed.size());

      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", grpc)
              .usePlaintext()
              .flowControlWindow(8 << 20)
              .build();
      AtomicLong rssPeakSampled = new AtomicLong();
      Thread sampler =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      rssPeakSampled.accumulateAndGet(
                          ProcFs.statusBytes(core.pid(), "VmRSS:"), Math::max);
                      try {
                        Thread.sleep(100);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });

      Result warm = run(channel, sealed.subList(0, warmup), spansPerBatch, concurrency);
      System.out.printf(
          Locale.ROOT, "warm-up: %d batches, %.0f spans/s%n", warmup, warm.spansPerSecond());
      long rssBefore = ProcFs.statusBytes(core.pid(), "VmRSS:");
      rssPeakSampled.set(0);
      double cpuBefore = ProcFs.cpuSeconds(core.pid());
      double loadBefore = ProcFs.loadAverage();
      Result result =
          run(channel, sealed.subList(warmup, sealed.size()), spansPerBatch, concurrency);
      double coreCpu = ProcFs.cpuSeconds(core.pid()) - cpuBefore;
      double loadAfter = ProcFs.loadAverage();
      sampler.interrupt();
      long hwm = ProcFs.statusBytes(core.pid(), "VmHWM:");
      Histogram h = result.latency();
      System.out.printf(
          Locale.ROOT,
          "RESULT spans/batch=%d concurrency=%d batches=%d stored=%d duplicate=%d errors=%d"
              + " elapsed=%.2fs spans/s=%.0f latency_ms p50=%.1f p99=%.1f max=%.1f"
              + " core_rss_mib before=%d peak_sampled=%d vmhwm=%d%n",
          spansPerBatch,
          concurrency,
          batches,
          result.stored(),
          result.duplicates(),
          result.errors(),
          result.seconds(),
          result.spansPerSecond(),
          h.getValueAtPercentile(50) / 1e3,
          h.getValueAtPercentile(99) / 1e3,
          h.getMaxValue() / 1e3,
          rssBefore >> 20,
          rssPeakSampled.get() >> 20,
          hwm >> 20);
      System.out.printf(
          Locale.ROOT,
          "core CPU %.1f s over %.1f s (%.2f cores): %.0f spans per core CPU-second;"
              + " load average %.1f -> %.1f on %d CPUs%n",
          coreCpu,
          result.seconds(),
          coreCpu / result.seconds(),
          result.spans() / coreCpu,
          loadBefore,
          loadAfter,
          Runtime.getRuntime().availableProcessors());
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      storeLatency(http);
    } finally {
      core.destroy();
      if (!core.waitFor(60, TimeUnit.SECONDS)) {
        core.destroyForcibly();
      }
    }
    readBack(dir, firstTraceIds, warmup, batches);
  }

  /** Reads a sample of the stored traces back from the store the core wrote (now released). */
  private static void readBack(Path dir, List<String> firstTraceIds, int warmup, int batches) {
    try (TelemetryStore store = TelemetryStores.embedded(dir.resolve("data/clickhouse"))) {
      int found = 0;
      int sampled = 0;
      for (int i = warmup; i < warmup + batches; i += Math.max(1, batches / 20)) {
        sampled++;
        if (store.trace(TenantId.of("load"), firstTraceIds.get(i)).size() == 10) {
          found++;
        }
      }
      System.out.printf("read back: %d of %d sampled traces complete (10 spans)%n", found, sampled);
    }
  }

  private record Result(
      long stored, long duplicates, long errors, long spans, double seconds, Histogram latency) {
    double spansPerSecond() {
      return spans / seconds;
    }
  }

  private static Result run(
      ManagedChannel channel, List<byte[]> batches, int spansPerBatch, int concurrency)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    LongAdder stored = new LongAdder();
    LongAdder duplicates = new LongAdder();
    LongAdder errors = new LongAdder();
    Recorder recorder = new Recorder(3);
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    int i;
                    while ((i = next.getAndIncrement()) < batches.size()) {
                      byte[] batch = batches.get(i);
                      while (true) {
                        long t0 = System.nanoTime();
                        try {
                          PushResponse r =
                              ClientCalls.blockingUnaryCall(
                                  channel,
                                  IngestMethods.PUSH,
                                  CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS),
                                  batch);
                          recorder.recordValue((System.nanoTime() - t0) / 1000);
                          if (r.getResult() == PushResponse.Result.STORED) {
                            stored.increment();
                          } else {
                            duplicates.increment();
                          }
                          break;
                        } catch (StatusRuntimeException e) {
                          errors.increment();
                          if (e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE) {
                            System.err.println("push failed: " + e.getStatus());
                            break;
                          }
                          sleep(Duration.ofMillis(200));
                        }
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(
        stored.sum(),
        duplicates.sum(),
        errors.sum(),
        stored.sum() * spansPerBatch,
        seconds,
        recorder.getIntervalHistogram());
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitReady(Process core, int http) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!core.isAlive()) {
        throw new IllegalStateException("core exited with " + core.exitValue());
      }
      try {
        if (client
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + http + "/q/health/ready"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not yet listening
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("core not ready within 180 s");
  }

  /** The core's own store-write figures from /q/metrics: mean time per batch in the store. */
  private static void storeLatency(int http) throws IOException, InterruptedException {
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/q/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    double count = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("mirador_ingest_store_seconds_sum{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith("mirador_ingest_store_seconds_count{")) {
        count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "core store writes: %.0f, mean %.1f ms (redaction, parsing and opening are the rest)%n",
        count,
        count == 0 ? 0 : sum / count * 1e3);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
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
