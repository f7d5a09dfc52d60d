package io.mirador.rca.service;

import io.mirador.rca.Finding;
import io.mirador.rca.TimeWindow;
import io.mirador.rca.online.RcaAnalyzer;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** On-demand RCA over a window, on features read from the core with the caller's token. */
@Path("/api/v1/rca")
public class RcaResource {
  /** The longest window accepted (the core serves features for at most a day). */
  static final Duration MAX_WINDOW = Duration.ofDays(1);

  @Inject CoreClient core;
  @Inject DetectionService detection;
  @Inject AnalysisSlots slots;

  /** The body of {@code POST /api/v1/rca}. */
  public record RcaRequest(String tenant, String from, String to, String symptomService) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Rank the probable root causes of what happened in [from, to) (at most a day; ranked on"
              + " the first six hours); baseline: the hour before")
  public Finding rca(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RcaRequest request) {
    if (request == null) {
      throw new BadRequestException("a JSON body with tenant, from and to is required");
    }
    String tenant = Tenants.require(request.tenant());
    TimeWindow window = Params.window(request.from(), request.to(), MAX_WINDOW);
    Optional<String> symptom =
        Optional.ofNullable(request.symptomService()).map(s -> Params.text(s, "symptomService"));
    var source = new CoreSource(core, Caller.token(authorization));
    RcaAnalyzer rca =
        RcaAnalyzer.builder(source).evidence(source).excluded(detection::incidentWindows).build();
    return slots.run(() -> rca.rank(tenant, window, symptom));
  }
}
