package io.mirador.rca.service;

import io.mirador.rca.TimeWindow;
import io.mirador.rca.online.Anomaly;
import io.mirador.rca.online.AnomalyLister;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Anomalous service-minutes of a window, with the features that made them anomalous. */
@Path("/api/v1/anomalies")
public class AnomalyResource {
  @Inject CoreClient core;
  @Inject AnalysisSlots slots;

  /** The answer of {@code GET /api/v1/anomalies}. */
  public record Anomalies(String tenant, Instant from, Instant to, List<Anomaly> anomalies) {}

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Service-minutes of [from, to) (at most 6 hours) at or above the service's alarm level,"
              + " with per-feature contributions; detectors fitted on the hour before")
  public Anomalies list(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @QueryParam("tenant") String tenant,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    String t = Tenants.require(tenant);
    TimeWindow window = Params.window(from, to, AnomalyLister.MAX_WINDOW);
    var source = new CoreSource(core, Caller.token(authorization));
    AnomalyLister lister = new AnomalyLister(source);
    return new Anomalies(t, window.start(), window.end(), slots.run(() -> lister.list(t, window)));
  }
}
