package io.mirador.rca.service;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where the detection loop stands for a tenant: why no finding can appear yet (the baseline is
 * still being learnt), or that it is watching. The caller's token is checked with the core (a
 * one-item read of the tenant's findings) before anything is said about the tenant.
 */
@Path("/api/v1/detection")
public class DetectionResource {
  @Inject DetectionService detection;
  @Inject CoreClient core;

  /** The answer of {@code GET /api/v1/detection}. */
  @Schema(name = "DetectionState")
  public record DetectionState(
      String tenant,
      @Schema(
              description =
                  "off (the loop does not run for this tenant), learning (no service has"
                      + " requiredMinutes of baseline yet), watching")
          String state,
      @Schema(description = "minutes with data in the baseline of the latest fit")
          int baselineMinutes,
      @Schema(description = "minutes with data a service needs before it is scored")
          int requiredMinutes,
      @Schema(description = "minutes with data from which a service's alarm level is not widened")
          int fullMinutes,
      @Schema(
              description =
                  "how much the alarm level of the service with the shortest baseline is widened:"
                      + " sqrt(fullMinutes / its minutes) while shorter, 1 after, 0 while nothing"
                      + " is scored")
          double tolerance,
      @Schema(
              description =
                  "the state for a person: learning the baseline: 3 of 5 minutes, watching (short"
                      + " baseline: 7 of 30 minutes, tolerance widened x2.07), watching, off")
          String description,
      int openIncidents,
      @Schema(description = "the latest run, null before the first", nullable = true)
          Instant lastRunAt,
      @Schema(
              description =
                  "why the latest run failed (unauthenticated, forbidden, unavailable, ...), null"
                      + " when it succeeded",
              nullable = true)
          String lastError) {}

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "The detection loop's state for a tenant: off, learning the baseline (N of M minutes)"
              + " or watching; open incidents; the last run and its error")
  public DetectionState state(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @QueryParam("tenant") String tenant) {
    String t = Tenants.require(tenant);
    var probe = new LinkedHashMap<String, Object>();
    probe.put("limit", 1);
    // Refused by the core (401/403) when the caller may not read this tenant.
    core.listFindings(Caller.token(authorization).token(), t, probe);
    DetectionService.TenantStatus s = detection.status(t);
    return new DetectionState(
        s.tenant(),
        s.state(),
        s.baselineMinutes(),
        s.requiredMinutes(),
        s.fullMinutes(),
        s.tolerance(),
        s.description(),
        s.openIncidents(),
        s.lastRunAt(),
        s.lastError());
  }
}
