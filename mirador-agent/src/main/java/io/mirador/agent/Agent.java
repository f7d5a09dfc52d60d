package io.mirador.agent;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mirador.crypto.BatchSealer;
import io.mirador.pii.OtlpRedactor;
import io.mirador.pii.PolicyRegistry;
import io.mirador.pii.RedactionPolicy;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The whole agent as plain Java: keys, redaction, batching, sealing, the queue, the forwarder and
 * the gRPC receiver. The Quarkus layer builds one from the configuration file, serves its {@link
 * #http()} handler on the HTTP port and exposes {@link #counters()} and {@link #health()}.
 */
final class Agent implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Agent.class.getName());

  private final AgentConfig config;
  private final AgentCounters counters;
  private final MemoryLimiter limiter;
  private final BatchQueue queue;
  private final Batcher batcher;
  private final Pipeline pipeline;
  private final Forwarder forwarder;
  private final OtlpGrpcReceiver grpc;
  private final OtlpHttpHandler http;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final List<ManagedChannel> channels;
  private final OtlpRedactor redactor;

  /** Readiness: the queue is below its high-water mark and the core is reachable. */
  record Health(
      boolean queueOk, boolean coreReachable, long queueBytes, long queueMaxBytes, String detail) {
    boolean ready() {
      return queueOk && coreReachable;
    }
  }

  private Agent(
      AgentConfig config,
      AgentCounters counters,
      MemoryLimiter limiter,
      BatchQueue queue,
      Batcher batcher,
      Pipeline pipeline,
      Forwarder forwarder,
      OtlpGrpcReceiver grpc,
      ScheduledExecutorService scheduler,
      ExecutorService workers,
      List<ManagedChannel> channels,
      OtlpRedactor redactor) {
    this.config = config;
    this.counters = counters;
    this.limiter = limiter;
    this.queue = queue;
    this.batcher = batcher;
    this.pipeline = pipeline;
    this.forwarder = forwarder;
    this.grpc = grpc;
    this.http = new OtlpHttpHandler(pipeline, config.maxRequestBytes(), grpc.oversize());
    this.scheduler = scheduler;
    this.workers = workers;
    this.channels = channels;
    this.redactor = redactor;
  }

  static Agent start(AgentConfig config) throws Exception {
    requireNonNull(config, "config");
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    AgentKeys keys = AgentKeys.loadOrCreate(config, random);
    RedactionPolicy policy =
        config.policyDir() == null
            ? RedactionPolicy.defaults(config.tenant())
            : PolicyRegistry.loadDirectory(config.policyDir()).forTenant(config.tenant());
    OtlpRedactor redactor = OtlpRedactor.create(policy, keys.pseudonymization());

    AtomicReference<CoreKey> coreKey = new AtomicReference<>(readCoreKey(config));
    AtomicReference<BatchSealer> sealer = new AtomicReference<>(sealer(coreKey.get(), keys));

    if (config.durability() == AgentConfig.Durability.MEMORY
        && config.queueMaxBytes() > Runtime.getRuntime().maxMemory() / 2) {
      throw new IllegalArgumentException(
          "queue.durability=memory keeps the queue on the heap: queue.maxBytes ("
              + config.queueMaxBytes()
              + ") must be at most half the maximum heap ("
              + Runtime.getRuntime().maxMemory()
              + ")");
    }
    AgentCounters counters = new AgentCounters();
    BatchQueue queue =
        config.durability() == AgentConfig.Durability.DISK
            ? BatchQueue.durable(
                config.queueDir(), keys.queueCipher(), config.queueMaxBytes(), counters, clock)
            : BatchQueue.inMemory(config.queueMaxBytes(), counters, clock);
    if (config.durability() == AgentConfig.Durability.MEMORY) {
      LOG.warning(
          "queue.durability=memory: requests are acknowledged before they are on disk;"
              + " a crash loses them");
    }
    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(
            2, Thread.ofPlatform().name("mirador-agent-timer-", 0).daemon().factory());
    ThreadPoolExecutor workers =
        (ThreadPoolExecutor)
            Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                Thread.ofPlatform().name("mirador-agent-worker-", 0).daemon().factory());
    if (config.corePublicKeyFile() != null) {
      long every = config.coreKeyRefresh().toMillis();
      scheduler.scheduleWithFixedDelay(
          () -> refreshCoreKey(config, coreKey, sealer, keys), every, every, TimeUnit.MILLISECONDS);
    }
    int lanes = config.coreEndpoints().size();
    SequenceAllocator sequences = new SequenceAllocator(config.dataDir().resolve("sequence"));
    Batcher batcher =
        new Batcher(
            config.tenant(),
            config.agentId(),
            sealer::get,
            sequences,
            queue,
            lanes,
            config.batchMaxBytes(),
            config.batchMaxDelay(),
            clock,
            scheduler);
    MemoryLimiter limiter = new MemoryLimiter(config.memoryLimitBytes(), config.heapLimitPercent());
    // A long wait for a worker is overload only while work is queued behind it.
    limiter.backlog(() -> workers.getQueue().size());
    Shaper shaper = new Shaper(config.tenant(), config.agentId(), config.host(), lanes);
    Pipeline pipeline = new Pipeline(limiter, redactor, shaper, batcher, counters, () -> false);

    List<ManagedChannel> channels = new ArrayList<>();
    List<Forwarder.Endpoint> endpoints = new ArrayList<>();
    for (String target : config.coreEndpoints()) {
      ManagedChannel ch =
          NettyChannelBuilder.forTarget(target)
              .usePlaintext()
              .maxInboundMessageSize(1 << 20)
              .keepAliveTime(30, TimeUnit.SECONDS)
              .build();
      channels.add(ch);
      endpoints.add(new Forwarder.Endpoint(target, ch, config.inFlightPerEndpoint()));
    }
    Forwarder forwarder =
        new Forwarder(
                queue,
                endpoints,
                counters,
                scheduler,
                workers,
                config.forwardTimeout(),
                config.backoffInitial(),
                config.backoffMax())
            .start();
    OtlpGrpcReceiver grpc =
        OtlpGrpcReceiver.start(
            config.grpcHost(),
            config.grpcPort(),
            pipeline,
            limiter,
            config.maxRequestBytes(),
            workers);
    LOG.info(
        "mirador agent "
            + config.agentId()
            + " (tenant "
            + config.tenant()
            + ") receiving OTLP/gRPC on "
            + config.grpcHost()
            + ":"
            + grpc.port()
            + ", forwarding to "
            + config.coreEndpoints()
            + ", queue "
            + (queue.durable() ? config.queueDir() : "in memory"));
    return new Agent(
        config, counters, limiter, queue, batcher, pipeline, forwarder, grpc, scheduler, workers,
        channels, redactor);
  }

  private static CoreKey readCoreKey(AgentConfig config) throws IOException {
    if (config.corePublicKeyFile() != null) {
      return CoreKey.read(config.corePublicKeyFile(), config.coreRegion());
    }
    try {
      return CoreKey.of(config.coreKeyId(), config.corePublicKey());
    } catch (IllegalArgumentException e) {
      throw new IOException("core.publicKey is not a valid X25519 public key: " + e.getMessage());
    }
  }

  private static BatchSealer sealer(CoreKey key, AgentKeys keys) {
    return BatchSealer.builder()
        .recipient(key.keyId(), key.publicKey())
        .sender(keys.identity())
        .build();
  }

  private static void refreshCoreKey(
      AgentConfig config,
      AtomicReference<CoreKey> current,
      AtomicReference<BatchSealer> sealer,
      AgentKeys keys) {
    try {
      CoreKey next = CoreKey.read(config.corePublicKeyFile(), config.coreRegion());
      if (!next.equals(current.get())) {
        sealer.set(sealer(next, keys));
        current.set(next);
        LOG.info("core key changed: sealing new batches to " + next.keyId());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warning(
          "cannot re-read the core key (keeping " + current.get().keyId() + "): " + e.getMessage());
    }
  }

  AgentConfig config() {
    return config;
  }

  AgentCounters counters() {
    return counters;
  }

  OtlpHttpHandler http() {
    return http;
  }

  ExecutorService workers() {
    return workers;
  }

  int grpcPort() {
    return grpc.port();
  }

  BatchQueue queue() {
    return queue;
  }

  MemoryLimiter limiter() {
    return limiter;
  }

  OtlpRedactor redactor() {
    return redactor;
  }

  Health health() {
    long bytes = queue.bytes();
    boolean queueOk = bytes < (long) (queue.maxBytes() * config.queueHighWatermark());
    boolean core = forwarder.coreReachable();
    StringBuilder detail = new StringBuilder();
    for (Forwarder.Endpoint e : forwarder.endpoints()) {
      if (!e.reachable()) {
        detail.append(e.target).append(": ").append(e.lastError).append("; ");
      }
    }
    return new Health(queueOk, core, bytes, queue.maxBytes(), detail.toString());
  }

  @Override
  public void close() {
    grpc.close();
    batcher.close();
    queue.close();
    forwarder.close();
    for (ManagedChannel c : channels) {
      c.shutdownNow();
    }
    scheduler.shutdownNow();
    workers.shutdownNow();
  }
}
