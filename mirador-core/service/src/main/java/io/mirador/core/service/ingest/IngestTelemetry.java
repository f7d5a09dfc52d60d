package io.mirador.core.service.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mirador.core.ingest.IngestEvent;
import io.mirador.core.ingest.IngestListener;
import io.mirador.core.ingest.IngestResult;
import io.mirador.core.service.audit.AuditEntry;
import io.mirador.core.service.audit.AuditLog;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts every ingest outcome on {@code /q/metrics} and audits every refusal. Labels are configured
 * names or fixed words only ({@link IngestEvent}), so hostile input cannot grow them.
 */
@Singleton
final class IngestTelemetry implements IngestListener {
  private final MeterRegistry registry;
  private final AuditLog audit;
  private final AgentActivity agents;

  IngestTelemetry(MeterRegistry registry, AuditLog audit, AgentActivity agents) {
    this.registry = registry;
    this.audit = audit;
    this.agents = agents;
  }

  private static final String AGENT = "agent:";

  private void accepted(IngestEvent event) {
    if (event.sequence() >= 0 && event.actor().startsWith(AGENT)) {
      agents.accepted(event.actor().substring(AGENT.length()), event.sequence(), Instant.now());
    }
  }

  @Override
  public void onEvent(IngestEvent event) {
    String signal = event.signalLabel();
    String outcome;
    String reason;
    switch (event.result()) {
      case IngestResult.Stored stored -> {
        outcome = "stored";
        reason = "none";
        accepted(event);
        Counter.builder("mirador.ingest.rows.stored")
            .description("Spans, log records and metric data points stored")
            .tags("signal", signal, "tenant", event.tenant())
            .register(registry)
            .increment(stored.rows());
        if (stored.rejected() > 0) {
          Counter.builder("mirador.ingest.rows.rejected")
              .description("Invalid items left out of stored requests (OTLP partial success)")
              .tags("signal", signal, "tenant", event.tenant())
              .register(registry)
              .increment(stored.rejected());
        }
        Timer.builder("mirador.ingest.store")
            .description("Store write latency")
            .tags("signal", signal)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry)
            .record(event.storeNanos(), TimeUnit.NANOSECONDS);
      }
      case IngestResult.Duplicate d -> {
        outcome = "duplicate";
        reason = "none";
        accepted(event);
      }
      case IngestResult.Refused refused -> {
        outcome = "refused";
        reason = refused.kind().label();
        audit(event, refused);
      }
      case IngestResult.RetryLater retry -> {
        outcome = "retry";
        reason = retry.reason().label();
      }
    }
    Counter.builder("mirador.ingest.batches")
        .description("Sealed batches and OTLP requests by outcome")
        .tags(
            "source", event.source(),
            "signal", signal,
            "tenant", event.tenant(),
            "outcome", outcome,
            "reason", reason)
        .register(registry)
        .increment();
  }

  private void audit(IngestEvent event, IngestResult.Refused refused) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("source", event.source());
    parameters.put("signal", event.signalLabel());
    if (event.sequence() >= 0) {
      parameters.put("sequence", Long.toString(event.sequence()));
    }
    parameters.put("reason", refused.message());
    String outcome =
        switch (refused.kind()) {
          case UNKNOWN_TENANT, WRONG_REGION, UNKNOWN_AGENT, UNAUTHENTICATED -> "denied";
          default -> "invalid";
        };
    String action =
        refused.kind() == IngestResult.Refusal.WRONG_REGION
            ? "ingest.refused.residency"
            : "ingest.refused." + refused.kind().label();
    audit.record(
        new AuditEntry(
            Instant.now(),
            event.actor(),
            "unknown".equals(event.tenant()) ? "" : event.tenant(),
            action,
            parameters,
            outcome,
            -1));
  }
}
