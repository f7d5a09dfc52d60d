package io.mirador.core.service.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mirador.core.config.CoreConfig;
import io.mirador.core.config.TenantConfig;
import io.mirador.core.ingest.AgentRegistry;
import io.mirador.core.ingest.ApiKeys;
import io.mirador.core.ingest.CoreKeys;
import io.mirador.core.ingest.IngestPipeline;
import io.mirador.store.TelemetryStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Produces the ingest side of the core from the validated configuration: the keyring (created and
 * published at start, so agents on the host can read the core's key before the first batch), the
 * agent registry, the API keys and the pipeline.
 */
@Singleton
final class IngestRuntime {
  private static final Logger LOG = Logger.getLogger(IngestRuntime.class);

  @Produces
  @Singleton
  CoreKeys keys(CoreConfig config) {
    try {
      return CoreKeys.open(
          config.keys(),
          config.region(),
          config.localTenants().stream().map(TenantConfig::id).toList(),
          System::getenv,
          Clock.systemUTC(),
          new SecureRandom());
    } catch (CoreKeys.KeyringUnavailableException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Produces
  @Singleton
  AgentRegistry agents(CoreConfig config) {
    try {
      return AgentRegistry.open(config, config.dataDir().resolve("agents.json"));
    } catch (IOException e) {
      throw new UncheckedIOException("agent registry: " + e.getMessage(), e);
    }
  }

  @Produces
  @Singleton
  ApiKeys apiKeys(CoreConfig config) {
    return ApiKeys.of(config);
  }

  @Produces
  @Singleton
  IngestPipeline pipeline(
      CoreConfig config,
      CoreKeys keys,
      AgentRegistry agents,
      TelemetryStore store,
      IngestTelemetry telemetry,
      @ConfigProperty(name = "mirador.ingest.linger-ms", defaultValue = "20") int lingerMs,
      @ConfigProperty(name = "mirador.ingest.max-rows-per-write", defaultValue = "50000")
          int maxRows) {
    try {
      return IngestPipeline.builder()
          .coalescing(Duration.ofMillis(lingerMs), maxRows)
          .config(config)
          .keys(keys)
          .agents(agents)
          .store(store)
          .listener(telemetry)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("replay state: " + e.getMessage(), e);
    }
  }

  void close(@Disposes IngestPipeline pipeline) {
    pipeline.close();
  }

  /** Opens keys, registry and pipeline at start: a bad keyring or replay state stops the start. */
  void start(
      @Observes StartupEvent event,
      IngestPipeline pipeline,
      CoreKeys keys,
      MeterRegistry registry) {
    Gauge.builder("mirador.ingest.inflight.bytes", pipeline, IngestPipeline::inflightBytes)
        .description("Bytes held by ingest requests in progress (limits.memoryBudgetBytes)")
        .register(registry);
    Gauge.builder(
            "mirador.ingest.redaction.counters.rejected",
            pipeline,
            IngestPipeline::rejectedRedactionCounters)
        .description(
            "mirador.redaction.* resource counters refused as malformed (not stored in the report)")
        .register(registry);
    LOG.infof("ingest ready; core recipient key %s", keys.activeKeyId());
  }
}
