package io.mirador.rca.replay;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.MessageLite;
import io.mirador.core.config.ConfigException;
import io.mirador.core.config.CoreConfig;
import io.mirador.core.config.CoreConfigLoader;
import io.mirador.core.ingest.AgentRegistry;
import io.mirador.core.ingest.CoreKeys;
import io.mirador.core.ingest.IngestPipeline;
import io.mirador.core.ingest.IngestResult;
import io.mirador.crypto.BatchHeader;
import io.mirador.crypto.BatchSealer;
import io.mirador.crypto.Signal;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.ingest.WireBatches;
import io.mirador.store.Retention;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Pushes requests through the core's ingest pipeline as an agent would: each request is cut into
 * batches of at most {@link OtlpBatches#MAX_ITEMS} items, sealed (HPKE auth mode) by a replay agent
 * whose key pair is registered for the tenant in a core configuration made for the run, and pushed
 * as a wire {@code SealedBatch}: replay check, open, residency, redaction with the tenant's
 * (default) policy, validation, store. RETRY_LATER is retried after the core's delay (at most
 * {@link #MAX_ATTEMPTS} times), DUPLICATE counts as stored; any refusal stops the replay with the
 * pipeline's answer.
 */
final class IngestSink implements TelemetrySink, AutoCloseable {
  static final String AGENT = "nezha-replay";
  static final String REGION = "local";
  static final int MAX_ATTEMPTS = 30;
  static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);

  private final IngestPipeline pipeline;
  private final BatchSealer sealer;
  private final String keyId;
  private long sequence;
  private long rejected;

  private IngestSink(IngestPipeline pipeline, BatchSealer sealer, String keyId) {
    this.pipeline = pipeline;
    this.sealer = sealer;
    this.keyId = keyId;
  }

  /**
   * A core for {@code tenant} (with {@code retention}) writing to {@code store}, its keyring,
   * replay state and agent registry under {@code coreDir}.
   */
  static IngestSink open(Path coreDir, TelemetryStore store, TenantId tenant, Retention retention)
      throws IOException {
    requireNonNull(store, "store");
    SecureRandom random = new SecureRandom();
    X25519KeyPair agent = X25519KeyPair.generate(random);
    String yaml =
        """
        region: %s
        dataDir: data
        regions:
          %s: {storage: {type: embedded}}
        limits: {}
        tenants:
          - id: %s
            region: %s
            retention: {traces: %d, logs: %d, metrics: %d}
            agents: [{id: %s, publicKey: "%s"}]
        """
            .formatted(
                REGION,
                REGION,
                tenant.value(),
                REGION,
                retention.traceDays(),
                retention.logDays(),
                retention.metricDays(),
                AGENT,
                Base64.getEncoder().encodeToString(agent.publicKey().bytes()));
    CoreConfig config;
    try {
      config = CoreConfigLoader.parse(yaml, "rca-eval core", coreDir);
    } catch (ConfigException e) {
      throw new IllegalStateException("replay core configuration: " + e.getMessage(), e);
    }
    CoreKeys keys;
    try {
      keys =
          CoreKeys.open(
              config.keys(),
              config.region(),
              List.of(tenant),
              name -> null,
              Clock.systemUTC(),
              random);
    } catch (Exception e) {
      throw new IOException("replay core keyring: " + e.getMessage(), e);
    }
    IngestPipeline pipeline =
        IngestPipeline.builder()
            .config(config)
            .keys(keys)
            .agents(AgentRegistry.open(config, config.dataDir().resolve("agents.json")))
            .store(store)
            .build();
    BatchSealer sealer =
        BatchSealer.builder()
            .recipient(
                keys.activeKeyId(), keys.recipientKeys().find(keys.activeKeyId()).publicKey())
            .sender(agent)
            .random(random)
            .build();
    return new IngestSink(pipeline, sealer, keys.activeKeyId());
  }

  @Override
  public void accept(TenantId tenant, ExportTraceServiceRequest request) {
    for (ExportTraceServiceRequest batch : OtlpBatches.split(request)) {
      push(tenant, Signal.TRACES, batch);
    }
  }

  @Override
  public void accept(TenantId tenant, ExportLogsServiceRequest request) {
    for (ExportLogsServiceRequest batch : OtlpBatches.split(request)) {
      push(tenant, Signal.LOGS, batch);
    }
  }

  @Override
  public void accept(TenantId tenant, ExportMetricsServiceRequest request) {
    for (ExportMetricsServiceRequest batch : OtlpBatches.split(request)) {
      push(tenant, Signal.METRICS, batch);
    }
  }

  /** Items the pipeline left out as invalid (OTLP partial success), over the replay. */
  long rejected() {
    return rejected;
  }

  private void push(TenantId tenant, Signal signal, MessageLite request) {
    sequence++;
    BatchHeader header = new BatchHeader(tenant.value(), AGENT, keyId, sequence, signal);
    var batch = WireBatches.toWire(sealer.seal(header, request.toByteArray()));
    for (int attempt = 1; ; attempt++) {
      IngestResult result = pipeline.push(batch);
      boolean mayRetry = attempt < MAX_ATTEMPTS;
      switch (result) {
        case IngestResult.Stored stored -> {
          rejected += stored.rejected();
          return;
        }
        // An earlier attempt was stored after all: the replay window acknowledges the copy.
        case IngestResult.Duplicate duplicate -> {
          return;
        }
        // Busy or the store is slow: wait as an agent would, then send the same batch again.
        case IngestResult.RetryLater retry when mayRetry -> sleep(retry.delay());
        default ->
            throw new IllegalStateException(
                "core ingest did not store " + signal + " batch " + sequence + ": " + result);
      }
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(Math.min(delay.toMillis(), MAX_RETRY_DELAY.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the core asked to retry later", e);
    }
  }

  @Override
  public String describe() {
    return "core ingest pipeline (sealed batches: replay check, open, residency, redaction, store)";
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
