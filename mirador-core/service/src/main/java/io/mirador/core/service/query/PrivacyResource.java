package io.mirador.core.service.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mirador.core.ingest.IngestPipeline;
import io.mirador.core.service.api.Problem;
import io.mirador.core.service.api.ProblemException;
import io.mirador.core.service.query.QueryAudit.Params;
import io.mirador.core.service.security.Roles;
import io.mirador.pii.OtlpRedactor;
import io.mirador.store.RedactionQuery;
import io.mirador.store.RedactionTotal;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TextScan;
import io.mirador.store.TimeRange;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Proof for the auditor: what was redacted in a tenant's telemetry, where and when (counts the core
 * stored with the telemetry), and a scan of the stored telemetry for anything the tenant's policy
 * would still redact (what leaked past the agent and the core). Neither answer carries a value.
 */
@Path("/api/v1/tenants/{tenant}/privacy")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "privacy", description = "Redaction report and leak scan (role admin)")
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
    description = "not an admin of this tenant",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
    responseCode = "404",
    description = "the tenant is not configured (or, for a scan, not stored by this core)",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class PrivacyResource {
  private static final Logger LOG = Logger.getLogger(PrivacyResource.class);

  /** The longest range of the report and of a scan. */
  static final Duration MAX_RANGE = Duration.ofDays(400);

  static final Duration DEFAULT_RANGE = Duration.ofHours(24);
  static final long DEFAULT_SCAN_LIMIT = 5_000_000L;
  static final long MAX_SCAN_LIMIT = 100_000_000L;

  /** One scan at a time per core: a scan reads and runs every detector over the whole range. */
  private static final Semaphore SCANS = new Semaphore(1);

  @Inject TelemetryStore store;
  @Inject QueryAudit audit;
  @Inject IngestPipeline pipeline;

  private static final String RANGE_DOC =
      "ISO-8601 instant; the range defaults to the 24 hours before to (default now), at most 400"
          + " days";

  @GET
  @Path("/redactions")
  @Operation(
      summary =
          "Redactions made in the tenant's stored telemetry, by detector, action, signal and"
              + " OTLP location",
      description =
          "Counts stored by the core with each batch (the agent's and the core's pass, summed), per"
              + " minute of storage. Minutes that start in [from, to) are summed, or summed per"
              + " step (whole minutes, buckets aligned to the Unix epoch, at most 10,000). Sorted"
              + " by count, largest first. detector is a detector name or key_rule.")
  @APIResponse(responseCode = "200", description = "the report")
  public RedactionsDto redactions(
      @Parameter(description = QueryResource.TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = RANGE_DOC) @QueryParam("from") String from,
      @Parameter(description = "ISO-8601 instant (default now)") @QueryParam("to") String to,
      @Parameter(description = "bucket width such as 1h, 1d or PT15M (whole minutes)")
          @QueryParam("step")
          String step) {
    return audit.run(
        "privacy.redactions.read",
        tenant,
        new Params().put("from", from).put("to", to).put("step", step).build(),
        id -> {
          TimeRange range = range(from, to, audit.now());
          Optional<Duration> bucket = step(step);
          List<RedactionTotal> totals = store.redactions(new RedactionQuery(id, range, bucket));
          long total = 0;
          for (RedactionTotal t : totals) {
            total = Math.max(total, total + t.count()); // saturates rather than wraps
          }
          return new RedactionsDto(
              id.value(),
              range.from(),
              range.to(),
              total,
              totals.stream()
                  .map(
                      t ->
                          new RedactionDto(
                              t.source(),
                              t.action(),
                              t.signal(),
                              t.location(),
                              t.count(),
                              t.bucketStart().orElse(null)))
                  .toList());
        },
        r -> r.redactions().size());
  }

  @POST
  @Path("/scan")
  @Operation(
      summary = "Scan the tenant's stored telemetry for values its redaction policy would redact",
      description =
          "Reads span names, status messages, event names, log bodies and every stored attribute"
              + " (resource, scope, span, event, link, log, data point, exemplar) of the range and"
              + " runs the tenant's redactor over them: its enabled detectors, skipping text inside"
              + " an earlier redaction, and its key rules. A match is something that leaked past"
              + " the agent and the core. The answer names detector, signal, location, attribute"
              + " key, a count and up to 5 places (trace and span ids or a timestamp) per row,"
              + " never the value. One scan at a time per core (429 while one runs).")
  @APIResponse(responseCode = "200", description = "the scan result; clean when nothing matched")
  @APIResponse(
      responseCode = "429",
      description = "another scan is running",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public ScanDto scan(
      @Parameter(description = QueryResource.TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = RANGE_DOC) @QueryParam("from") String from,
      @Parameter(description = "ISO-8601 instant (default now)") @QueryParam("to") String to,
      @Parameter(description = "the most values to scan, 1 to 100,000,000 (default 5,000,000)")
          @QueryParam("limit")
          String limit) {
    return audit.run(
        "privacy.scan",
        tenant,
        new Params().put("from", from).put("to", to).put("limit", limit).build(),
        id -> {
          TimeRange range = range(from, to, audit.now());
          long max = limit(limit);
          OtlpRedactor redactor =
              pipeline
                  .redactor(id)
                  .orElseThrow(
                      () ->
                          ProblemException.notFound(
                              "the tenant's telemetry is not stored by this core (another"
                                  + " region)"));
          if (!SCANS.tryAcquire()) {
            throw new ProblemException(
                429, "Too many requests", "a privacy scan is running; retry when it has ended");
          }
          try {
            PrivacyScan scan = new PrivacyScan(redactor);
            long started = System.nanoTime();
            TextScan read = store.scanText(id, range, max, scan);
            List<MatchDto> matches =
                scan.matches().stream()
                    .map(
                        m ->
                            new MatchDto(
                                m.detector,
                                m.signal,
                                m.location,
                                m.key,
                                m.count,
                                m.examples.stream()
                                    .map(
                                        e -> new ExampleDto(e.traceId(), e.spanId(), e.timestamp()))
                                    .toList()))
                    .toList();
            LOG.infof(
                "privacy scan of tenant %s: %d values in %d ms, %d match rows%s",
                id.value(),
                read.values(),
                (System.nanoTime() - started) / 1_000_000,
                matches.size(),
                read.truncated() ? " (stopped at the limit)" : "");
            return new ScanDto(
                id.value(),
                range.from(),
                range.to(),
                matches.isEmpty(),
                new ScannedDto(read.spans(), read.logs(), read.dataPoints(), read.values()),
                read.truncated(),
                matches);
          } finally {
            SCANS.release();
          }
        },
        r -> r.matches().size());
  }

  /** {@code [from, to)}: to defaults to now, from to 24 hours before to; at most 400 days. */
  static TimeRange range(String from, String to, Instant now) {
    Instant end = to == null || to.isBlank() ? now : QueryParams.instant(to, "to");
    Instant start =
        from == null || from.isBlank()
            ? end.minus(DEFAULT_RANGE)
            : QueryParams.instant(from, "from");
    if (!start.isBefore(end)) {
      throw ProblemException.badRequest("from must be before to");
    }
    if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
      throw ProblemException.badRequest(
          "the time range may cover at most " + MAX_RANGE.toDays() + " days; narrow from/to");
    }
    return TimeRange.of(start, end);
  }

  static Optional<Duration> step(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Duration step = QueryParams.step(text, null);
    if (step.compareTo(Duration.ofMinutes(1)) < 0
        || step.toSecondsPart() != 0
        || step.toNanosPart() != 0) {
      throw ProblemException.badRequest("step must be a whole number of minutes, at least 1m");
    }
    return Optional.of(step);
  }

  static long limit(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_SCAN_LIMIT;
    }
    try {
      long value = Long.parseLong(text.strip());
      if (value >= 1 && value <= MAX_SCAN_LIMIT) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the problem below
    }
    throw ProblemException.badRequest(
        "limit must be a whole number from 1 to " + MAX_SCAN_LIMIT + " (values to scan)");
  }

  @Schema(name = "RedactionReport")
  record RedactionsDto(
      String tenant, Instant from, Instant to, long total, List<RedactionDto> redactions) {}

  @Schema(name = "RedactionCount")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RedactionDto(
      @Schema(description = "detector name (email, credit_card, ...) or key_rule") String detector,
      @Schema(description = "keep, hash, mask or drop") String action,
      @Schema(description = "traces, logs or metrics") String signal,
      @Schema(
              description =
                  "OTLP location such as span_attribute or log_body; unknown for agents"
                      + " that did not record it")
          String location,
      long count,
      @Schema(description = "start of the bucket, when step is given") Instant bucketStart) {}

  @Schema(name = "PrivacyScanResult")
  record ScanDto(
      String tenant,
      Instant from,
      Instant to,
      @Schema(description = "true when nothing matched in what was scanned") boolean clean,
      ScannedDto scanned,
      @Schema(description = "true when the scan stopped at limit before the end of the range")
          boolean truncated,
      List<MatchDto> matches) {}

  @Schema(name = "PrivacyScanned")
  record ScannedDto(long spans, long logs, long dataPoints, long values) {}

  @Schema(name = "PrivacyScanMatch")
  record MatchDto(
      String detector,
      String signal,
      String location,
      @Schema(
              description =
                  "attribute key; null for span and event names, status messages and"
                      + " log bodies; * for matches beyond 1,000 rows")
          String key,
      long count,
      List<ExampleDto> examples) {}

  @Schema(name = "PrivacyScanExample")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ExampleDto(String traceId, String spanId, Instant timestamp) {}
}
