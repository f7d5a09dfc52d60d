package io.mirador.benchmarks.overload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.benchmarks.LocalCore;
import io.mirador.benchmarks.ProcFs;
import io.mirador.crypto.BatchSealer;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.crypto.X25519PublicKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Overload harness (issue 18): runs the packaged core on its embedded store (and, for the agent
 * targets, the packaged agent in front of it), measures the capacity of the target with a closed
 * loop, then offers {@code --multiple} times that for {@code --seconds} from {@code --senders}
 * concurrent senders in an open loop, recording per request the answer, latency, retry hint and
 * (when accepted) the span ids it carried. Afterwards it waits for the agent's queue to drain,
 * stops everything and reads every span id from the store: each accepted span must be there (lost =
 * 0), none twice. The target's RSS is sampled from /proc every 100 ms against {@code
 * --rss-cap-mib}.
 *
 * <pre>
 * java -Xmx2g --enable-native-access=ALL-UNNAMED -Dmirador.chdb.library=$LIB \
 *   -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *   io.mirador.benchmarks.overload.OverloadHarness --target agent-grpc --seconds 120
 * </pre>
 *
 * Targets: agent-http, agent-grpc (OTLP into the agent), core-http, core-grpc (the core's plain
 * OTLP receivers with an API key), core-sealed (sealed batches to Ingest/Push, as agents send).
 * Exit code 1 when a check fails (lost or duplicated spans, RSS over the cap, no throttling answer
 * with a retry hint, an answer that is neither success nor throttling).
 */
public final class OverloadHarness {
  private static final String TENANT = "overload";

  private OverloadHarness() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = args(args);
    String target = a.getOrDefault("--target", "agent-grpc");
    int seconds = Integer.parseInt(a.getOrDefault("--seconds", "120"));
    int capacitySeconds = Integer.parseInt(a.getOrDefault("--capacity-seconds", "20"));
    int capacitySenders = Integer.parseInt(a.getOrDefault("--capacity-senders", "16"));
    double multiple = Double.parseDouble(a.getOrDefault("--multiple", "10"));
    int senders = Integer.parseInt(a.getOrDefault("--senders", "256"));
    int spans = Integer.parseInt(a.getOrDefault("--spans", "100"));
    String agentXmx = a.getOrDefault("--agent-xmx", "192m");
    String agentDirect = a.getOrDefault("--agent-direct", "64m");
    String agentMemory = a.getOrDefault("--agent-memory-limit", "64MiB");
    String coreXmx = a.getOrDefault("--core-xmx", "1g");
    boolean agentTarget = target.startsWith("agent-");
    long rssCapMib =
        Long.parseLong(
            a.getOrDefault(
                "--rss-cap-mib",
                agentTarget ? Long.toString(mib(agentXmx) + mib(agentDirect) + 128) : "2048"));
    String library =
        System.getProperty("mirador.chdb.library", System.getenv("MIRADOR_CHDB_LIBRARY"));

    SecureRandom random = new SecureRandom();
    Path dir =
        Path.of("benchmarks/target/overload-" + HexFormat.of().formatHex(random.generateSeed(4)))
            .toAbsolutePath();
    Files.createDirectories(dir);
    String apiKey = HexFormat.of().formatHex(random.generateSeed(24));
    X25519KeyPair sealedAgent = X25519KeyPair.generate(random);
    Files.writeString(
        dir.resolve("mirador-core.yaml"),
        """
        region: local
        dataDir: data
        regions:
          local: {storage: {type: embedded}}
        tenants:
          - id: %s
            region: local
            agents: [{id: load-agent, publicKey: "%s"}]
            apiKeys: [{name: overload, sha256: "%s"}]
        """
            .formatted(
                TENANT,
                Base64.getEncoder().encodeToString(sealedAgent.publicKey().bytes()),
                HexFormat.of()
                    .formatHex(
                        MessageDigest.getInstance("SHA-256")
                            .digest(apiKey.getBytes(StandardCharsets.UTF_8)))));
    int coreHttp = LocalCore.freePort();
    int coreGrpc = LocalCore.freePort();
    Map<String, String> coreEnv = new LinkedHashMap<>();
    coreEnv.put("MIRADOR_CONFIG", dir.resolve("mirador-core.yaml").toString());
    coreEnv.put("MIRADOR_HTTP_PORT", Integer.toString(coreHttp));
    coreEnv.put("MIRADOR_GRPC_PORT", Integer.toString(coreGrpc));
    coreEnv.put("MIRADOR_LOCAL_TOKEN", "auto");
    List<String> coreJvm = new ArrayList<>(List.of("-Xmx" + coreXmx, "-XX:+UseParallelGC"));
    if (library != null) {
      coreJvm.add("-Dmirador.chdb.library=" + library);
    }
    Path coreJar =
        Path.of(
            a.getOrDefault(
                "--core-jar", "mirador-core/service/target/quarkus-app/quarkus-run.jar"));
    Path agentJar =
        Path.of(a.getOrDefault("--agent-jar", "mirador-agent/target/quarkus-app/quarkus-run.jar"));
    SpanTemplate template = new SpanTemplate(spans, random.nextLong());
    System.out.printf(
        Locale.ROOT,
        "overload %s: %d spans per request, %.0f KiB each; work dir %s%n",
        target,
        spans,
        template.bytes() / 1024.0,
        dir);

    Ledger capacityLedger = new Ledger();
    Ledger overloadLedger = new Ledger();
    LoadGenerator generator = new LoadGenerator(template);
    boolean ok = true;
    ChildProcess agent = null;
    try (ChildProcess core = ChildProcess.start("core", coreJar, coreJvm, coreEnv, dir)) {
      core.awaitHealthy("http://127.0.0.1:" + coreHttp + "/q/health/ready", 240);
      ChildProcess measured = core;
      OtlpSenders.Sender sender;
      if (agentTarget) {
        agent = startAgent(dir, agentJar, agentXmx, agentDirect, agentMemory, coreGrpc, a);
        register(dir, coreHttp, agent);
        measured = agent;
        sender =
            target.equals("agent-http")
                ? OtlpSenders.http("http://127.0.0.1:" + port(dir, "agent-http"), null)
                : OtlpSenders.grpc("127.0.0.1", port(dir, "agent-grpc"), null, senders / 16 + 1);
      } else {
        sender =
            switch (target) {
              case "core-http" -> OtlpSenders.http("http://127.0.0.1:" + coreHttp, apiKey);
              case "core-grpc" -> OtlpSenders.grpc("127.0.0.1", coreGrpc, apiKey, senders / 16 + 1);
              case "core-sealed" -> sealedSender(dir, coreGrpc, sealedAgent, senders);
              default -> throw new IllegalArgumentException("unknown --target " + target);
            };
      }
      System.out.printf(
          Locale.ROOT,
          "%s pid %d, RSS at rest %d MiB, cap %d MiB%n",
          measured.name,
          measured.process.pid(),
          measured.rssBytes() >> 20,
          rssCapMib);

      // Phase 1: capacity, closed loop.
      LoadGenerator.Result capacity =
          generator.run(sender, capacityLedger, capacitySenders, 0, capacitySeconds, measured);
      double capacitySpans = capacityLedger.accepted() * (double) spans / capacity.seconds();
      Histogram capLatency = capacityLedger.acceptedLatency();
      System.out.printf(
          Locale.ROOT,
          "CAPACITY %s: %.0f spans/s accepted (closed loop, %d senders, %.0f s), latency p50 %.1f"
              + " p99 %.1f ms, statuses %s%n",
          target,
          capacitySpans,
          capacitySenders,
          capacity.seconds(),
          capLatency.getValueAtPercentile(50) / 1e3,
          capLatency.getValueAtPercentile(99) / 1e3,
          capacityLedger.statuses());

      // Phase 2: overload, open loop at multiple x capacity.
      double offeredTarget = Double.parseDouble(a.getOrDefault("--rate", "0"));
      if (offeredTarget <= 0) {
        offeredTarget = multiple * capacitySpans;
      }
      measured.resetPeak();
      double cpuBefore = ProcFs.cpuSeconds(measured.process.pid());
      LoadGenerator.Result overload =
          generator.run(sender, overloadLedger, senders, offeredTarget / spans, seconds, measured);
      double cpu = ProcFs.cpuSeconds(measured.process.pid()) - cpuBefore;
      long rssPeak = measured.rssPeakBytes();
      Histogram acc = overloadLedger.acceptedLatency();
      Histogram ref = overloadLedger.refusedLatency();
      Histogram hints = overloadLedger.hints();
      double offered = overloadLedger.sent() * (double) spans / overload.seconds();
      double acceptedRate = overloadLedger.accepted() * (double) spans / overload.seconds();
      System.out.printf(
          Locale.ROOT,
          "OVERLOAD %s: target %.0f spans/s (%.1fx capacity), offered %.0f spans/s (%.1fx) from %d"
              + " senders for %.0f s%n",
          target,
          offeredTarget,
          offeredTarget / capacitySpans,
          offered,
          offered / capacitySpans,
          senders,
          overload.seconds());
      System.out.printf(
          Locale.ROOT,
          "  requests %d: accepted %d (%.0f spans/s), throttled %d (with retry hint %d; hint"
              + " min/max %d/%d ms), other errors %d; statuses %s%n",
          overloadLedger.sent(),
          overloadLedger.accepted(),
          acceptedRate,
          overloadLedger.throttled(),
          overloadLedger.throttledWithHint(),
          hints.getTotalCount() == 0 ? 0 : hints.getMinValue(),
          hints.getTotalCount() == 0 ? 0 : hints.getMaxValue(),
          overloadLedger.otherErrors(),
          overloadLedger.statuses());
      System.out.printf(
          Locale.ROOT,
          "  accepted latency p50 %.1f p99 %.1f max %.1f ms; refused latency p50 %.1f p99 %.1f"
              + " ms%n",
          acc.getValueAtPercentile(50) / 1e3,
          acc.getValueAtPercentile(99) / 1e3,
          acc.getMaxValue() / 1e3,
          ref.getValueAtPercentile(50) / 1e3,
          ref.getValueAtPercentile(99) / 1e3);
      System.out.printf(
          Locale.ROOT,
          "  %s RSS peak %d MiB (cap %d MiB), VmHWM %d MiB, CPU %.1f s (%.2f cores); load average"
              + " %.1f%n",
          measured.name,
          rssPeak >> 20,
          rssCapMib,
          measured.vmHwmBytes() >> 20,
          cpu,
          cpu / overload.seconds(),
          ProcFs.loadAverage());
      sender.close();
      if (agent != null) {
        long drained = drainAgent(dir, Integer.parseInt(a.getOrDefault("--drain-seconds", "900")));
        System.out.printf(Locale.ROOT, "agent queue drained in %.1f s%n", drained / 1e3);
        System.out.println("agent counters: " + agentCounters(dir));
        agent.close();
      }
      if (rssPeak > rssCapMib << 20) {
        System.out.println("FAIL: RSS over the cap");
        ok = false;
      }
      if (overloadLedger.throttledWithHint() == 0) {
        System.out.println("FAIL: no throttling answer with a retry hint");
        ok = false;
      }
      if (overloadLedger.otherErrors() > 0) {
        System.out.println("FAIL: answers that are neither success nor throttling");
        ok = false;
      }
    } finally {
      if (agent != null) {
        agent.close();
      }
    }
    BitSet accepted = capacityLedger.acceptedRequests();
    accepted.or(overloadLedger.acceptedRequests());
    StoreAudit.Result audit =
        StoreAudit.audit(dir.resolve("data/clickhouse"), TENANT, template, accepted);
    System.out.printf(
        Locale.ROOT,
        "STORE acked spans %d, stored %d, lost %d, duplicated %d, stored without ack %d%n",
        audit.ackedSpans(),
        audit.storedSpans(),
        audit.lost(),
        audit.duplicated(),
        audit.storedUnacked());
    if (audit.lost() > 0 || audit.duplicated() > 0) {
      System.out.println("FAIL: acknowledged spans lost or stored twice");
      ok = false;
    }
    System.out.println(ok ? "PASS" : "FAIL");
    System.exit(ok ? 0 : 1);
  }

  private static ChildProcess startAgent(
      Path dir,
      Path jar,
      String xmx,
      String direct,
      String memoryLimit,
      int coreGrpc,
      Map<String, String> a)
      throws Exception {
    int grpc = LocalCore.freePort();
    int http = LocalCore.freePort();
    Files.writeString(dir.resolve("agent-http.port"), Integer.toString(http));
    Files.writeString(dir.resolve("agent-grpc.port"), Integer.toString(grpc));
    Path agentDir = dir.resolve("agent");
    Files.createDirectories(agentDir);
    Files.writeString(
        agentDir.resolve("agent.yaml"),
        String.join(
            "\n",
            "agent: {id: overload-agent, tenant: "
                + TENANT
                + ", host: load, dataDir: "
                + agentDir.resolve("data")
                + "}",
            "receivers:",
            "  grpc: {host: 127.0.0.1, port: " + grpc + "}",
            "  http: {host: 127.0.0.1, port: " + http + "}",
            "memory: {limitBytes: " + memoryLimit + "}",
            "core:",
            "  endpoints: [\"127.0.0.1:" + coreGrpc + "\"]",
            "  publicKeyFile: " + dir.resolve("data/keys/core-public.json"),
            ""));
    List<String> jvm =
        new ArrayList<>(
            List.of(
                "-Xmx" + xmx,
                "-XX:+UseSerialGC",
                "-XX:MaxDirectMemorySize=" + direct,
                "-XX:ReservedCodeCacheSize=48m",
                "-XX:MaxMetaspaceSize=96m"));
    String cpus = a.get("--agent-cpus");
    ChildProcess agent =
        ChildProcess.start(
            "agent",
            jar,
            jvm,
            Map.of(
                "MIRADOR_AGENT_CONFIG",
                agentDir.resolve("agent.yaml").toString(),
                "MALLOC_ARENA_MAX",
                "2"),
            agentDir);
    if (cpus != null) {
      new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(agent.process.pid()))
          .inheritIO()
          .start()
          .waitFor();
    }
    return agent.awaitHealthy("http://127.0.0.1:" + http + "/q/health/live", 120);
  }

  private static int port(Path dir, String name) throws Exception {
    return Integer.parseInt(Files.readString(dir.resolve(name + ".port")).trim());
  }

  private static void register(Path dir, int coreHttp, ChildProcess agent) throws Exception {
    String token = Files.readString(dir.resolve("data/local-admin.token")).trim();
    String publicKey = Files.readString(dir.resolve("agent/data/agent.pub")).trim().split(" ")[1];
    LocalCore.registerAgent(coreHttp, token, TENANT, "overload-agent", publicKey);
  }

  private static OtlpSenders.Sender sealedSender(
      Path dir, int coreGrpc, X25519KeyPair agent, int senders) throws Exception {
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
    return OtlpSenders.sealed(
        "127.0.0.1", coreGrpc, senders / 16 + 1, sealer, TENANT, "load-agent", keyId);
  }

  /** Waits until the agent's queue is empty; the time it took, in milliseconds. */
  private static long drainAgent(Path dir, int seconds) throws Exception {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      Map<String, Double> m = agentCounters(dir);
      if (m.getOrDefault("mirador_agent_queue_segments", 1.0) == 0.0
          && m.getOrDefault("mirador_agent_queue_bytes", 1.0) == 0.0) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("the agent's queue did not drain within " + seconds + " s");
  }

  private static Map<String, Double> agentCounters(Path dir) throws Exception {
    String text =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port(dir, "agent-http") + "/q/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("mirador_agent_queue_bytes ")
          || line.startsWith("mirador_agent_queue_segments ")
          || line.startsWith("mirador_agent_batches_dropped_total ")
          || line.startsWith("mirador_agent_records_total{outcome=\"accepted\",signal=\"traces\"")
          || line.startsWith("mirador_agent_records_total{outcome=\"sent\",signal=\"traces\"")
          || line.startsWith(
              "mirador_agent_request_errors_total{reason=\"overloaded\",signal=\"traces\"")
          || line.startsWith(
              "mirador_agent_request_errors_total{reason=\"too_large\",signal=\"traces\"")) {
        int space = line.lastIndexOf(' ');
        out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return out;
  }

  private static long mib(String jvmSize) {
    String s = jvmSize.toLowerCase(Locale.ROOT);
    long n = Long.parseLong(s.replaceAll("[^0-9]", ""));
    return s.endsWith("g") ? n * 1024 : s.endsWith("k") ? n / 1024 : n;
  }

  private static Map<String, String> args(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      out.put(args[i], args[i + 1]);
    }
    return out;
  }
}
