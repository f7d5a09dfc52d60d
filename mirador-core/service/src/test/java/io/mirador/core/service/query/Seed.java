package io.mirador.core.service.query;

import static io.mirador.core.service.TestTelemetry.gauge;
import static io.mirador.core.service.TestTelemetry.hex;
import static io.mirador.core.service.TestTelemetry.log;
import static io.mirador.core.service.TestTelemetry.logs;
import static io.mirador.core.service.TestTelemetry.span;
import static io.mirador.core.service.TestTelemetry.spans;

import io.mirador.store.FindingStore;
import io.mirador.store.Retention;
import io.mirador.store.StoredFinding;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One tenant's data for the API tests, written through the store: a frontend calling a backend (a
 * trace shared in id with other tenants on purpose), logs, a gauge and a finding. Every text value
 * carries the tenant's marker so a leak into another tenant's answer is visible.
 */
record Seed(
    String tenant,
    String marker,
    String traceId,
    String findingId,
    Instant at,
    String secretAttribute,
    String secretBody) {

  static final String SHARED_TRACE_ID = hex(16);

  /** A window that holds the seeded data. */
  String from() {
    return at.minus(Duration.ofMinutes(10)).toString();
  }

  String to() {
    return at.plus(Duration.ofMinutes(10)).toString();
  }

  String frontend() {
    return "frontend-" + marker;
  }

  String backend() {
    return "backend-" + marker;
  }

  static Seed write(TelemetryStore store, FindingStore findings, String tenant) {
    String marker = "mk" + hex(6);
    Instant at = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
    long t0 = at.getEpochSecond() * 1_000_000_000L;
    Seed seed =
        new Seed(
            tenant,
            marker,
            SHARED_TRACE_ID,
            hex(16),
            at,
            "attr-secret-" + marker,
            "body-secret-" + marker);
    TenantId id = TenantId.of(tenant);
    String root = hex(8);
    String client = hex(8);
    store.writeSpans(
        id,
        Retention.DEFAULT,
        List.of(
            spans(
                seed.frontend(),
                List.of(
                    span(
                        SHARED_TRACE_ID,
                        root,
                        null,
                        "GET /",
                        Span.SpanKind.SPAN_KIND_SERVER,
                        t0,
                        5_000_000,
                        false,
                        Map.of("user.secret", seed.secretAttribute)),
                    span(
                        SHARED_TRACE_ID,
                        client,
                        root,
                        "call backend",
                        Span.SpanKind.SPAN_KIND_CLIENT,
                        t0 + 1000,
                        3_000_000,
                        false,
                        Map.of()))),
            spans(
                seed.backend(),
                List.of(
                    span(
                        SHARED_TRACE_ID,
                        hex(8),
                        client,
                        "handle",
                        Span.SpanKind.SPAN_KIND_SERVER,
                        t0 + 2000,
                        2_000_000,
                        true,
                        Map.of())))));
    store.writeLogs(
        id,
        Retention.DEFAULT,
        List.of(
            logs(
                seed.backend(),
                List.of(
                    log(t0 + 3000, 17, seed.secretBody + " failed", SHARED_TRACE_ID),
                    log(t0 + 4000, 9, "info " + marker, null)))));
    store.writeMetrics(
        id, Retention.DEFAULT, List.of(gauge(seed.backend(), "process.cpu.utilization", t0, 0.5)));
    findings.put(
        new StoredFinding(
            seed.findingId,
            id,
            at,
            at,
            Optional.empty(),
            StoredFinding.Status.OPEN,
            new StoredFinding.Symptom(
                seed.frontend(), "latencyP99", TimeRange.of(at.minusSeconds(300), at)),
            List.of(new StoredFinding.Cause(seed.backend(), 2.0, 0.9)),
            "{\"marker\":\"" + marker + "\"}"));
    return seed;
  }
}
