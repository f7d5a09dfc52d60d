package io.mirador.core.service.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.store.DependencyEdge;
import io.mirador.store.EdgeLatencyMinute;
import io.mirador.store.EventPairMinute;
import io.mirador.store.LogPatternMinute;
import io.mirador.store.OperationMinute;
import io.mirador.store.Page;
import io.mirador.store.SelfTimeMinute;
import io.mirador.store.ServiceMinute;
import io.mirador.store.SpanEventMinute;
import io.mirador.store.StoredFinding;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Response bodies. Latency in nanoseconds; NaN (no requests in a minute) becomes null. */
final class Dtos {
  private Dtos() {}

  static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  @Schema(name = "Page", description = "One page of a list; pass nextCursor as cursor for the next")
  record PageDto<T>(List<T> items, String nextCursor) {
    static <S, T> PageDto<T> of(Page<S> page, Function<S, T> map) {
      return new PageDto<>(page.items().stream().map(map).toList(), page.nextCursor().orElse(null));
    }
  }

  @Schema(name = "TraceResponse")
  record TraceDto(String traceId, List<io.mirador.store.StoredSpan> spans, boolean truncated) {}

  @Schema(name = "MetricSeriesResponse")
  record SeriesDto(
      String name,
      @Schema(description = "gauge, sum, histogram, exp_histogram or summary") String type,
      @Schema(description = "the metric's unit as its instrument declared it (may be empty)")
          String unit,
      String aggregation,
      long stepSeconds,
      List<io.mirador.store.MetricSeries> series) {}

  @Schema(name = "Metric", description = "One metric name and type reported in the window")
  record MetricDto(
      String name,
      @Schema(description = "gauge, sum, histogram, exp_histogram or summary") String type,
      String unit,
      String description,
      @Schema(description = "sums only: whether the sum only goes up (a counter)", nullable = true)
          Boolean monotonic,
      @Schema(description = "sums and histograms: delta, cumulative or mixed", nullable = true)
          String temporality,
      List<String> services) {
    static MetricDto of(io.mirador.store.MetricInfo m) {
      return new MetricDto(
          m.name(),
          MetricTypes.name(m.type()),
          m.unit(),
          m.description(),
          m.monotonic().orElse(null),
          m.temporality().map(t -> t.name().toLowerCase(java.util.Locale.ROOT)).orElse(null),
          m.services());
    }
  }

  @Schema(name = "MetricList")
  record MetricsDto(Instant from, Instant to, List<MetricDto> metrics) {}

  @Schema(name = "ServiceMinute", description = "What one service did in one minute")
  record ServiceMinuteDto(
      String service,
      long minuteStartUnixNano,
      long requests,
      long errors,
      double errorRate,
      Double latencyP50Nanos,
      Double latencyP95Nanos,
      Double latencyP99Nanos,
      long errorLogs,
      Map<String, Double> gauges) {
    static ServiceMinuteDto of(ServiceMinute m) {
      return new ServiceMinuteDto(
          m.service(),
          m.minuteStartUnixNano(),
          m.requests(),
          m.errors(),
          m.errorRate(),
          finite(m.latencyP50Nanos()),
          finite(m.latencyP95Nanos()),
          finite(m.latencyP99Nanos()),
          m.errorLogs(),
          m.gauges());
    }
  }

  @Schema(name = "DependencyEdge", description = "Calls from caller to callee in the window")
  record EdgeDto(
      String caller,
      String callee,
      long calls,
      long errors,
      Double latencyP50Nanos,
      Double latencyP95Nanos,
      Double latencyP99Nanos) {
    static EdgeDto of(DependencyEdge e) {
      return new EdgeDto(
          e.caller(),
          e.callee(),
          e.calls(),
          e.errors(),
          finite(e.latencyP50Nanos()),
          finite(e.latencyP95Nanos()),
          finite(e.latencyP99Nanos()));
    }
  }

  @Schema(name = "DependencyGraph")
  record GraphDto(Instant from, Instant to, List<String> services, List<EdgeDto> edges) {}

  @Schema(
      name = "Features",
      description = "Per-service, per-minute RCA features and the call graph")
  record FeaturesDto(
      Instant from,
      Instant to,
      List<String> gauges,
      List<ServiceMinuteDto> services,
      List<EdgeDto> edges) {}

  @Schema(name = "OperationMinute")
  record OperationMinuteDto(
      String service,
      String operation,
      String kind,
      long minuteStartUnixNano,
      long spans,
      long errors,
      Double latencyP50Nanos,
      Double latencyP95Nanos) {
    static OperationMinuteDto of(OperationMinute m) {
      return new OperationMinuteDto(
          m.service(),
          m.operation(),
          m.kind(),
          m.minuteStartUnixNano(),
          m.spans(),
          m.errors(),
          finite(m.latencyP50Nanos()),
          finite(m.latencyP95Nanos()));
    }
  }

  @Schema(name = "LogPatterns")
  record LogPatternsDto(Instant from, Instant to, List<LogPatternMinute> patterns) {}

  @Schema(name = "SelfTimes")
  record SelfTimesDto(Instant from, Instant to, List<SelfTimeMinute> selfTimes) {}

  @Schema(name = "EdgeLatencies")
  record EdgeLatenciesDto(Instant from, Instant to, List<EdgeLatencyMinute> edges) {}

  @Schema(name = "EventPairs")
  record EventPairsDto(Instant from, Instant to, List<EventPairMinute> pairs) {}

  @Schema(name = "SpanEvents")
  record SpanEventsDto(Instant from, Instant to, List<SpanEventMinute> events) {}

  @Schema(name = "OperationFeatures")
  record OperationsDto(Instant from, Instant to, List<OperationMinuteDto> operations) {}

  @Schema(name = "ServiceSummary", description = "One service over the window")
  record ServiceSummaryDto(
      String service,
      long requests,
      double requestsPerSecond,
      long errors,
      double errorRate,
      Double latencyP50Nanos,
      Double latencyP95Nanos,
      Double latencyP99Nanos,
      long errorLogs,
      @Schema(
              description =
                  "the seconds requestsPerSecond divides by: from the first to the end of the last"
                      + " minute with requests, inside the window, at least a minute")
          double observedSeconds) {}

  @Schema(name = "ServiceList")
  record ServicesDto(Instant from, Instant to, List<ServiceSummaryDto> services) {}

  @Schema(name = "Finding")
  record FindingDto(
      String id,
      String tenant,
      @Schema(description = "when the incident started (its first anomalous minute)")
          Instant openedAt,
      @Schema(
              description =
                  "when the detection opened the incident (minutes after openedAt: it waits for"
                      + " the minute to settle and for consecutive anomalous minutes); null for"
                      + " findings stored before it was recorded",
              nullable = true)
          Instant detectedAt,
      Instant updatedAt,
      Instant closedAt,
      String status,
      SymptomDto symptom,
      List<CauseDto> causes,
      @Schema(description = "the evidence the RCA measured, as it sent it") JsonNode evidence) {}

  @Schema(name = "Symptom")
  record SymptomDto(String service, String metric, Instant from, Instant to) {}

  @Schema(name = "Cause")
  record CauseDto(String service, double score, double confidence) {
    static CauseDto of(StoredFinding.Cause c) {
      return new CauseDto(c.service(), c.score(), c.confidence());
    }
  }

  @Schema(name = "FindingInput", description = "A finding as the RCA service sends it")
  record FindingInput(
      @Schema(description = "OPEN (default) or CLOSED") String status,
      @Schema(description = "default: now (create) or unchanged (update)") Instant openedAt,
      @Schema(description = "default: now when status is CLOSED") Instant closedAt,
      @Schema(
              description =
                  "when the detection opened the incident; default: now (create) or unchanged"
                      + " (update)")
          Instant detectedAt,
      SymptomDto symptom,
      List<CauseDto> causes,
      JsonNode evidence) {}

  @Schema(name = "Erasure")
  record ErasureDto(String tenant, long telemetryRows, long findings) {}

  @Schema(name = "AuditRecord")
  record AuditDto(
      Instant time,
      String actor,
      String tenant,
      String action,
      Map<String, String> parameters,
      String outcome,
      long resultCount) {}
}
