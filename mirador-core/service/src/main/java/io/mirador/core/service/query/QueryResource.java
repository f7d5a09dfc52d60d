package io.mirador.core.service.query;

import static io.mirador.core.service.query.QueryParams.MAX_GRAPH_RANGE;
import static io.mirador.core.service.query.QueryParams.MAX_METRIC_RANGE;
import static io.mirador.core.service.query.QueryParams.MAX_SEARCH_RANGE;

import io.mirador.core.service.api.Problem;
import io.mirador.core.service.api.ProblemException;
import io.mirador.core.service.query.Dtos.EdgeDto;
import io.mirador.core.service.query.Dtos.EdgeLatenciesDto;
import io.mirador.core.service.query.Dtos.EventPairsDto;
import io.mirador.core.service.query.Dtos.FeaturesDto;
import io.mirador.core.service.query.Dtos.GraphDto;
import io.mirador.core.service.query.Dtos.LogPatternsDto;
import io.mirador.core.service.query.Dtos.MetricDto;
import io.mirador.core.service.query.Dtos.MetricsDto;
import io.mirador.core.service.query.Dtos.OperationMinuteDto;
import io.mirador.core.service.query.Dtos.OperationsDto;
import io.mirador.core.service.query.Dtos.PageDto;
import io.mirador.core.service.query.Dtos.SelfTimesDto;
import io.mirador.core.service.query.Dtos.SeriesDto;
import io.mirador.core.service.query.Dtos.ServiceMinuteDto;
import io.mirador.core.service.query.Dtos.ServiceSummaryDto;
import io.mirador.core.service.query.Dtos.ServicesDto;
import io.mirador.core.service.query.Dtos.SpanEventsDto;
import io.mirador.core.service.query.Dtos.TraceDto;
import io.mirador.core.service.query.QueryAudit.Params;
import io.mirador.core.service.security.Roles;
import io.mirador.store.DependencyEdge;
import io.mirador.store.FeatureQuery;
import io.mirador.store.Ids;
import io.mirador.store.LogQuery;
import io.mirador.store.MetricInfo;
import io.mirador.store.MetricQuery;
import io.mirador.store.MetricSeries;
import io.mirador.store.MetricType;
import io.mirador.store.ServiceMinute;
import io.mirador.store.SpanQuery;
import io.mirador.store.StoredLog;
import io.mirador.store.StoredSpan;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TimeRange;
import io.mirador.store.TraceSummary;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The read side of the API: traces, spans, logs, metrics, services, the dependency graph and the
 * RCA features of one tenant. Every list is capped, every window bounded, every call audited.
 */
@Path("/api/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.ADMIN, Roles.RCA})
@Tag(name = "query", description = "Telemetry of one tenant")
@APIResponse(
    responseCode = "400",
    description = "a parameter is malformed or out of range",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
    responseCode = "401",
    description = "no valid bearer token",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
    responseCode = "403",
    description = "the caller may not see this tenant, or lacks the role",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
    responseCode = "503",
    description = "the store is unavailable; retry",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class QueryResource {
  /**
   * The most per-service-minute rows the feature endpoints return before asking for a narrower
   * window.
   */
  static final int MAX_FEATURE_ROWS = 200_000;

  static final String TENANT_DOC = "tenant id; the caller's token must list it";
  static final String FROM_DOC = "window start, ISO-8601 instant (default: an hour before to)";
  static final String TO_DOC = "window end, exclusive, ISO-8601 instant (default: now)";

  @Inject TelemetryStore store;
  @Inject QueryAudit audit;

  @GET
  @Path("/traces/{traceId}")
  @Operation(summary = "All spans of one trace, oldest first (at most 10,000)")
  @APIResponse(responseCode = "200", description = "the trace")
  @APIResponse(
      responseCode = "404",
      description = "no such trace in this tenant",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public TraceDto trace(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = "32 lower-case hex digits") @PathParam("traceId") String traceId) {
    return audit.run(
        "query.traces.get",
        tenant,
        new Params().put("traceId", traceId).build(),
        id -> {
          List<StoredSpan> spans = store.trace(id, Ids.requireTraceId(traceId));
          if (spans.isEmpty()) {
            throw ProblemException.notFound("no trace with this id in this tenant");
          }
          return new TraceDto(traceId, spans, spans.size() >= TelemetryStore.MAX_TRACE_SPANS);
        },
        t -> t.spans().size());
  }

  @GET
  @Path("/spans")
  @Operation(summary = "Search spans, newest first, paged by cursor (limit 1 to 1000, default 100)")
  @APIResponse(responseCode = "200", description = "one page of spans")
  public PageDto<StoredSpan> spans(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @BeanParam SpanSearchParams search) {
    return audit.run(
        "query.spans.search",
        tenant,
        search.audited().build(),
        id ->
            PageDto.of(
                store.searchSpans(search.query(id, SpanQuery.MAX_LIMIT, audit.now())), s -> s),
        p -> p.items().size());
  }

  /** The most traces one page of trace search holds: each is summarised over all its spans. */
  static final int MAX_TRACE_PAGE = 100;

  @GET
  @Path("/traces")
  @Operation(
      summary =
          "Search traces: those with a span that matches every criterion, newest latest match"
              + " first, each summarised over all of its spans; paged by cursor (limit 1 to 100,"
              + " default 100)")
  @APIResponse(responseCode = "200", description = "one page of trace summaries")
  public PageDto<TraceSummary> traces(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @BeanParam SpanSearchParams search) {
    return audit.run(
        "query.traces.search",
        tenant,
        search.audited().build(),
        id -> PageDto.of(store.searchTraces(search.query(id, MAX_TRACE_PAGE, audit.now())), t -> t),
        p -> p.items().size());
  }

  @GET
  @Path("/logs")
  @Operation(summary = "Search log records, newest first, paged by cursor")
  @APIResponse(responseCode = "200", description = "one page of log records")
  public PageDto<StoredLog> logs(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = FROM_DOC) @QueryParam("from") String from,
      @Parameter(description = TO_DOC) @QueryParam("to") String to,
      @Parameter(description = "service.name") @QueryParam("service") String service,
      @Parameter(
              description =
                  "least severity: an OTLP severity number 1-24 (17 = ERROR) or a name (trace,"
                      + " debug, info, warn, error, fatal; error2..error4 and the like)")
          @QueryParam("minSeverity")
          String minSeverity,
      @Parameter(description = "the same as minSeverity (used when minSeverity is absent)")
          @QueryParam("severity")
          String severity,
      @Parameter(description = "text the body contains, case-insensitive (1-1024 characters)")
          @QueryParam("contains")
          String contains,
      @Parameter(description = "trace id, 32 lower-case hex digits") @QueryParam("traceId")
          String traceId,
      @Parameter(description = "page size, 1 to 1000 (default 100)") @QueryParam("limit")
          String limit,
      @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor")
          String cursor) {
    Params params =
        new Params()
            .put("from", from)
            .put("to", to)
            .put("service", service)
            .put("minSeverity", minSeverity)
            .put("severity", severity)
            .presence("contains", contains)
            .put("traceId", traceId)
            .put("limit", limit)
            .put("cursor", cursor == null ? null : "present");
    return audit.run(
        "query.logs.search",
        tenant,
        params.build(),
        id -> {
          LogQuery.Builder query =
              LogQuery.builder(id, QueryParams.range(from, to, MAX_SEARCH_RANGE, audit.now()))
                  .limit(QueryParams.limit(limit, LogQuery.MAX_LIMIT));
          QueryParams.text(service, "service").ifPresent(query::service);
          (minSeverity != null && !minSeverity.isBlank()
                  ? QueryParams.severity(minSeverity, "minSeverity")
                  : QueryParams.severity(severity, "severity"))
              .ifPresent(query::minSeverityNumber);
          if (contains != null && !contains.isEmpty()) {
            query.bodyContains(contains);
          }
          if (traceId != null && !traceId.isEmpty()) {
            query.traceId(Ids.requireTraceId(traceId));
          }
          QueryParams.cursor(cursor).ifPresent(query::cursor);
          return PageDto.of(store.searchLogs(query.build()), l -> l);
        },
        p -> p.items().size());
  }

  @GET
  @Path("/metrics")
  @Operation(
      summary = "The metrics reported in the window: name, type, unit, description, services",
      description =
          "One entry per metric name and type (a name reported as two types by different services"
              + " appears twice). monotonic is set for sums only; temporality (delta, cumulative"
              + " or mixed) for sums and histograms. At most 10,000 metrics, 100 services each.")
  @APIResponse(responseCode = "200", description = "the metrics, sorted by name")
  public MetricsDto metrics(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = FROM_DOC) @QueryParam("from") String from,
      @Parameter(description = TO_DOC) @QueryParam("to") String to,
      @Parameter(description = "only metrics this service.name reported") @QueryParam("service")
          String service) {
    return audit.run(
        "query.metrics.list",
        tenant,
        new Params().put("from", from).put("to", to).put("service", service).build(),
        id -> {
          TimeRange range = QueryParams.range(from, to, MAX_METRIC_RANGE, audit.now());
          List<MetricInfo> metrics =
              store.metricCatalog(
                  id, range, QueryParams.text(service, "service"), java.util.Optional.empty());
          return new MetricsDto(
              range.from(), range.to(), metrics.stream().map(MetricDto::of).toList());
        },
        m -> m.metrics().size());
  }

  @GET
  @Path("/metrics/series")
  @Operation(
      summary = "One metric as series per service and attribute set, aggregated into steps",
      description =
          "Gauges: avg (default), min, max, sum or last of the values in each step. Monotonic sums"
              + " (counters): rate (default; increase per second) or increase, computed per"
              + " stream (one process's instrument) from cumulative running totals with counter"
              + " resets detected (a drop, or a new start time), or from delta points; the"
              + " streams of a series are then added; avg, min, max, sum and last aggregate the"
              + " stored values as they are. Non-monotonic sums: avg (default), min, max, sum,"
              + " last. Histograms: p50, p90, p95 (default), p99 (interpolated within the bucket"
              + " of the step's new observations), avg (mean observation), rate (observations"
              + " per second) or increase (observations); exponential histograms the same."
              + " Summaries: avg. A cumulative stream's first point counts only"
              + " when its start time lies in the window or the 15 minutes (or one step) before:"
              + " otherwise its running total is no increase. type defaults to the metric's own;"
              + " a type the metric does not have is a 400 that names the real one.")
  @APIResponse(responseCode = "200", description = "the series (at most 1,000)")
  public SeriesDto metricSeries(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = "metric name", required = true) @QueryParam("name") String name,
      @Parameter(
              description =
                  "gauge, sum, histogram, exp_histogram (or exponential_histogram) or summary;"
                      + " default: the metric's type")
          @QueryParam("type")
          String type,
      @Parameter(description = FROM_DOC) @QueryParam("from") String from,
      @Parameter(description = TO_DOC) @QueryParam("to") String to,
      @Parameter(description = "only this service.name") @QueryParam("service") String service,
      @Parameter(
              description =
                  "step: 60s, 1m, 5m, 1h, 1d or ISO-8601 (PT1M); default 1m; whole seconds, at"
                      + " most 11,000 steps")
          @QueryParam("step")
          String step,
      @Parameter(
              description =
                  "avg, min, max, sum, last, rate, increase, p50, p90, p95, p99 (which apply"
                      + " depends on the type; see the description); default per type")
          @QueryParam("agg")
          String agg,
      @Parameter(description = "the same as agg (used when agg is absent)")
          @QueryParam("aggregation")
          String aggregation,
      @Parameter(description = "key=value data point attribute filter, repeatable")
          @QueryParam("attr")
          List<String> attr) {
    String requestedAgg = agg != null && !agg.isBlank() ? agg : aggregation;
    Params params =
        new Params()
            .put("name", name)
            .put("type", type)
            .put("from", from)
            .put("to", to)
            .put("service", service)
            .put("step", step)
            .put("agg", requestedAgg)
            .put("attrKeys", attributeKeys(attr));
    return audit.run(
        "query.metrics.series",
        tenant,
        params.build(),
        id -> {
          String metric =
              QueryParams.text(name, "name")
                  .orElseThrow(
                      () ->
                          ProblemException.badRequest(
                              "name is required: a metric name (GET .../metrics lists them)"));
          java.util.Optional<MetricType> requestedType = MetricTypes.parse(type);
          java.util.Optional<String> serviceFilter = QueryParams.text(service, "service");
          Duration stepDuration = QueryParams.step(step, Duration.ofMinutes(1));
          TimeRange range = QueryParams.range(from, to, MAX_METRIC_RANGE, audit.now());
          MetricTypes.requireStep(stepDuration, range);
          Map<String, String> attributes = QueryParams.attributes(attr);
          List<MetricInfo> stored =
              store.metricCatalog(id, range, serviceFilter, java.util.Optional.of(metric));
          MetricInfo info = MetricTypes.resolve(metric, requestedType, stored);
          if (info == null) {
            // No points in the window: nothing to check the type against; say what was asked.
            MetricType asked = requestedType.orElse(MetricType.GAUGE);
            return new SeriesDto(
                metric,
                MetricTypes.name(asked),
                "",
                MetricTypes.anyAggregation(requestedAgg, asked)
                    .name()
                    .toLowerCase(java.util.Locale.ROOT),
                stepDuration.toSeconds(),
                List.of());
          }
          MetricType metricType = info.type();
          boolean monotonic = info.monotonic().orElse(false);
          MetricQuery.Aggregation aggregationValue =
              MetricTypes.aggregation(requestedAgg, metricType, monotonic);
          List<MetricSeries> series =
              store.metricSeries(
                  new MetricQuery(
                      id,
                      metric,
                      metricType,
                      range,
                      attributes,
                      stepDuration,
                      aggregationValue,
                      serviceFilter));
          return new SeriesDto(
              metric,
              MetricTypes.name(metricType),
              info.unit(),
              aggregationValue.name().toLowerCase(java.util.Locale.ROOT),
              stepDuration.toSeconds(),
              series);
        },
        s -> s.series().size());
  }

  @GET
  @Path("/services")
  @Operation(
      summary =
          "Services with request rate, error rate and latency over the window (at most a day)",
      description =
          "Requests are server and consumer spans. requestsPerSecond divides the requests by the"
              + " time the service was observed in the window (observedSeconds): from the start of"
              + " its first minute with requests to the end of its last one, cut to the window,"
              + " at least a minute (or the whole window when shorter), so a service that began"
              + " a minute ago is not diluted by the hour before it. Latency quantiles are the"
              + " request-weighted mean of the per-minute quantiles, an approximation of the"
              + " window's quantiles.")
  @APIResponse(responseCode = "200", description = "the services")
  public ServicesDto services(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = FROM_DOC) @QueryParam("from") String from,
      @Parameter(description = TO_DOC) @QueryParam("to") String to) {
    return audit.run(
        "query.services.list",
        tenant,
        new Params().put("from", from).put("to", to).build(),
        id -> {
          TimeRange range = QueryParams.range(from, to, MAX_GRAPH_RANGE, audit.now());
          List<ServiceMinute> minutes =
              store.serviceFeatures(new FeatureQuery(id, range, List.of()));
          return new ServicesDto(range.from(), range.to(), summaries(minutes, range));
        },
        s -> s.services().size());
  }

  @GET
  @Path("/dependencies")
  @Operation(summary = "The service dependency graph of the window (at most a day)")
  @APIResponse(responseCode = "200", description = "services and caller-callee edges")
  public GraphDto dependencies(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = FROM_DOC) @QueryParam("from") String from,
      @Parameter(description = TO_DOC) @QueryParam("to") String to) {
    return audit.run(
        "query.dependencies",
        tenant,
        new Params().put("from", from).put("to", to).build(),
        id -> {
          TimeRange range = QueryParams.range(from, to, MAX_GRAPH_RANGE, audit.now());
          List<DependencyEdge> edges = store.dependencies(id, range);
          TreeSet<String> services = new TreeSet<>();
          edges.forEach(
              e -> {
                services.add(e.caller());
                services.add(e.callee());
              });
          return new GraphDto(
              range.from(),
              range.to(),
              List.copyOf(services),
              edges.stream().map(EdgeDto::of).toList());
        },
        g -> g.edges().size());
  }

  @GET
  @Path("/features")
  @Operation(
      summary = "RCA features: per service and minute, and the call graph (window at most a day)",
      description =
          "Per service and minute: requests (server and consumer spans), errors, error rate,"
              + " latency p50/p95/p99 (nanoseconds; null in a minute without requests), error log"
              + " records (severity ERROR or above) and the minute's mean of each requested gauge."
              + " Edges: calls, errors and callee latency between services over the window.")
  @APIResponse(responseCode = "200", description = "the features")
  public FeaturesDto features(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = FROM_DOC) @QueryParam("from") String from,
      @Parameter(description = TO_DOC) @QueryParam("to") String to,
      @Parameter(
              description =
                  "gauge metric to average per service and minute, repeatable (at most 32; default: CPU and memory of the semantic conventions)")
          @QueryParam("gauge")
          List<String> gauges) {
    return audit.run(
        "query.features",
        tenant,
        new Params()
            .put("from", from)
            .put("to", to)
            .put("gauges", gauges == null || gauges.isEmpty() ? null : String.join(",", gauges))
            .build(),
        id -> {
          TimeRange range = QueryParams.range(from, to, MAX_GRAPH_RANGE, audit.now());
          List<String> gaugeNames = gaugeNames(gauges);
          List<ServiceMinute> minutes =
              store.serviceFeatures(new FeatureQuery(id, range, gaugeNames));
          requireCap(minutes.size());
          List<DependencyEdge> edges = store.dependencies(id, range);
          return new FeaturesDto(
              range.from(),
              range.to(),
              gaugeNames,
              minutes.stream().map(ServiceMinuteDto::of).toList(),
              edges.stream().map(EdgeDto::of).toList());
        },
        f -> f.services().size());
  }

  @GET
  @Path("/features/operations")
  @Operation(
      summary = "RCA features per operation (span name and kind) and minute (window at most a day)")
  @APIResponse(responseCode = "200", description = "the operation features")
  public OperationsDto operationFeatures(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = FROM_DOC) @QueryParam("from") String from,
      @Parameter(description = TO_DOC) @QueryParam("to") String to) {
    return featureRows(
        "query.features.operations",
        tenant,
        from,
        to,
        q -> store.operationFeatures(q).stream().map(OperationMinuteDto::of).toList(),
        (range, rows) -> new OperationsDto(range.from(), range.to(), rows),
        o -> o.operations().size());
  }

  @GET
  @Path("/features/span-events")
  @Operation(
      summary =
          "Per operation and minute: how many spans contained each event (a call to another"
              + " operation, or a log pattern written inside the span); window at most a day")
  @APIResponse(responseCode = "200", description = "the span event counts")
  public SpanEventsDto spanEvents(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = FROM_DOC) @QueryParam("from") String from,
      @Parameter(description = TO_DOC) @QueryParam("to") String to) {
    return featureRows(
        "query.features.spanevents",
        tenant,
        from,
        to,
        store::spanEvents,
        (range, rows) -> new SpanEventsDto(range.from(), range.to(), rows),
        e -> e.events().size());
  }

  @GET
  @Path("/features/log-patterns")
  @Operation(summary = "Log record counts per service, pattern and minute (window at most a day)")
  @APIResponse(responseCode = "200", description = "the log pattern counts")
  public LogPatternsDto logPatterns(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = FROM_DOC) @QueryParam("from") String from,
      @Parameter(description = TO_DOC) @QueryParam("to") String to) {
    return featureRows(
        "query.features.logpatterns",
        tenant,
        from,
        to,
        store::logPatterns,
        (range, rows) -> new LogPatternsDto(range.from(), range.to(), rows),
        l -> l.patterns().size());
  }

  @GET
  @Path("/features/event-pairs")
  @Operation(
      summary =
          "Counts of consecutive events inside spans (start, log patterns, span events, end) per"
              + " service and minute (window at most a day)")
  @APIResponse(responseCode = "200", description = "the event pair counts")
  public EventPairsDto eventPairs(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = FROM_DOC) @QueryParam("from") String from,
      @Parameter(description = TO_DOC) @QueryParam("to") String to) {
    return featureRows(
        "query.features.eventpairs",
        tenant,
        from,
        to,
        store::eventPairs,
        (range, rows) -> new EventPairsDto(range.from(), range.to(), rows),
        p -> p.pairs().size());
  }

  @GET
  @Path("/features/self-times")
  @Operation(
      summary =
          "Self time (duration minus children, client calls charged to the callee) per service and"
              + " minute (window at most a day)")
  @APIResponse(responseCode = "200", description = "the self-time quantiles")
  public SelfTimesDto selfTimes(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = FROM_DOC) @QueryParam("from") String from,
      @Parameter(description = TO_DOC) @QueryParam("to") String to,
      @Parameter(
              description =
                  "a service whose client calls' gaps are charged to it instead of its callees (a"
                      + " caller starved of CPU); repeatable, at most "
                      + TelemetryStore.MAX_GAPS_TO_CALLER)
          @QueryParam("gapsToCaller")
          List<String> gapsToCaller) {
    Set<String> callers = gapsToCaller == null ? Set.of() : Set.copyOf(gapsToCaller);
    if (callers.size() > TelemetryStore.MAX_GAPS_TO_CALLER) {
      throw ProblemException.badRequest(
          "at most " + TelemetryStore.MAX_GAPS_TO_CALLER + " gapsToCaller parameters");
    }
    return featureRows(
        "query.features.selftimes",
        tenant,
        new Params().put("gapsToCaller", String.join(",", new TreeSet<>(callers))),
        from,
        to,
        query -> store.selfTimes(query, callers),
        (range, rows) -> new SelfTimesDto(range.from(), range.to(), rows),
        p -> p.selfTimes().size());
  }

  @GET
  @Path("/features/edges")
  @Operation(
      summary =
          "Per caller-callee edge and minute: calls, the wire gap (client span minus the callee's"
              + " server span) and the callee's server time, p50/p95, and the slowest call's trace"
              + " (window at most a day)")
  @APIResponse(responseCode = "200", description = "the edge latencies")
  public EdgeLatenciesDto edgeLatencies(
      @Parameter(description = TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = FROM_DOC) @QueryParam("from") String from,
      @Parameter(description = TO_DOC) @QueryParam("to") String to) {
    return featureRows(
        "query.features.edges",
        tenant,
        from,
        to,
        store::edgeLatencies,
        (range, rows) -> new EdgeLatenciesDto(range.from(), range.to(), rows),
        e -> e.edges().size());
  }

  /**
   * One audited feature read over at most a day: {@code read} runs on the caller's tenant and the
   * checked range, and more than {@link #MAX_FEATURE_ROWS} rows are refused.
   */
  private <R, D> D featureRows(
      String action,
      String tenant,
      String from,
      String to,
      Function<FeatureQuery, List<R>> read,
      BiFunction<TimeRange, List<R>, D> answer,
      ToLongFunction<D> count) {
    return featureRows(action, tenant, new Params(), from, to, read, answer, count);
  }

  /** The same, with {@code audited} parameters recorded after from and to. */
  private <R, D> D featureRows(
      String action,
      String tenant,
      Params audited,
      String from,
      String to,
      Function<FeatureQuery, List<R>> read,
      BiFunction<TimeRange, List<R>, D> answer,
      ToLongFunction<D> count) {
    Params params = new Params().put("from", from).put("to", to);
    audited.build().forEach(params::put);
    return audit.run(
        action,
        tenant,
        params.build(),
        id -> {
          TimeRange range = QueryParams.range(from, to, MAX_GRAPH_RANGE, audit.now());
          List<R> rows = read.apply(new FeatureQuery(id, range, List.of()));
          requireCap(rows.size());
          return answer.apply(range, rows);
        },
        count);
  }

  private static void requireCap(int rows) {
    if (rows > MAX_FEATURE_ROWS) {
      throw ProblemException.badRequest(
          "the window holds more than " + MAX_FEATURE_ROWS + " rows; narrow from/to");
    }
  }

  private static List<String> gaugeNames(List<String> gauges) {
    if (gauges == null || gauges.isEmpty()) {
      return FeatureQuery.DEFAULT_GAUGES;
    }
    if (gauges.size() > FeatureQuery.MAX_GAUGES) {
      throw ProblemException.badRequest("at most " + FeatureQuery.MAX_GAUGES + " gauge parameters");
    }
    for (String gauge : gauges) {
      QueryParams.text(gauge, "gauge")
          .orElseThrow(() -> ProblemException.badRequest("gauge must not be empty"));
    }
    return List.copyOf(gauges);
  }

  static String attributeKeys(List<String> filters) {
    if (filters == null || filters.isEmpty()) {
      return null;
    }
    List<String> keys = new ArrayList<>();
    for (String filter : filters) {
      int eq = filter.indexOf('=');
      keys.add(eq < 0 ? "<malformed>" : filter.substring(0, eq));
    }
    return String.join(",", keys);
  }

  /** Per-service totals over the window from the per-minute features. */
  static List<ServiceSummaryDto> summaries(List<ServiceMinute> minutes, TimeRange range) {
    Map<String, List<ServiceMinute>> byService = new TreeMap<>();
    for (ServiceMinute minute : minutes) {
      byService.computeIfAbsent(minute.service(), s -> new ArrayList<>()).add(minute);
    }
    List<ServiceSummaryDto> out = new ArrayList<>();
    for (Map.Entry<String, List<ServiceMinute>> entry : byService.entrySet()) {
      long requests = 0;
      long errors = 0;
      long errorLogs = 0;
      double p50 = 0;
      double p95 = 0;
      double p99 = 0;
      long weighted = 0;
      long firstMinute = Long.MAX_VALUE;
      long lastMinute = Long.MIN_VALUE;
      for (ServiceMinute m : entry.getValue()) {
        if (m.requests() > 0) {
          firstMinute = Math.min(firstMinute, m.minuteStartUnixNano());
          lastMinute = Math.max(lastMinute, m.minuteStartUnixNano());
        }
        requests += m.requests();
        errors += m.errors();
        errorLogs += m.errorLogs();
        if (m.requests() > 0 && Double.isFinite(m.latencyP50Nanos())) {
          p50 += m.latencyP50Nanos() * m.requests();
          p95 += m.latencyP95Nanos() * m.requests();
          p99 += m.latencyP99Nanos() * m.requests();
          weighted += m.requests();
        }
      }
      double seconds = observedSeconds(range, firstMinute, lastMinute);
      out.add(
          new ServiceSummaryDto(
              entry.getKey(),
              requests,
              requests == 0 ? 0 : requests / seconds,
              errors,
              requests == 0 ? 0 : (double) errors / requests,
              weighted == 0 ? null : p50 / weighted,
              weighted == 0 ? null : p95 / weighted,
              weighted == 0 ? null : p99 / weighted,
              errorLogs,
              requests == 0 ? 0 : seconds));
    }
    return out;
  }

  private static final long MINUTE_NANOS = 60_000_000_000L;

  /**
   * Seconds from the start of the first minute with requests to the end of the last, inside the
   * window; at least a minute, or the whole window when it is shorter.
   */
  static double observedSeconds(TimeRange range, long firstMinute, long lastMinute) {
    long window = range.toNanos() - range.fromNanos();
    long floor = Math.min(MINUTE_NANOS, window);
    if (firstMinute > lastMinute) {
      return floor / 1e9;
    }
    long start = Math.max(range.fromNanos(), firstMinute);
    long end = Math.min(range.toNanos(), lastMinute + MINUTE_NANOS);
    return Math.max(end - start, floor) / 1e9;
  }
}
