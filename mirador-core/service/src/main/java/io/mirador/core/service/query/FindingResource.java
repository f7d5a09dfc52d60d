package io.mirador.core.service.query;

import static io.mirador.core.service.query.QueryParams.MAX_SEARCH_RANGE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.core.service.api.Problem;
import io.mirador.core.service.api.ProblemException;
import io.mirador.core.service.query.Dtos.CauseDto;
import io.mirador.core.service.query.Dtos.FindingDto;
import io.mirador.core.service.query.Dtos.FindingInput;
import io.mirador.core.service.query.Dtos.PageDto;
import io.mirador.core.service.query.Dtos.SymptomDto;
import io.mirador.core.service.query.QueryAudit.Params;
import io.mirador.core.service.security.Roles;
import io.mirador.store.FindingQuery;
import io.mirador.store.FindingStore;
import io.mirador.store.StoredFinding;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Findings of one tenant: the RCA service creates and updates them (role {@code rca}, or an admin),
 * viewers read them.
 */
@Path("/api/v1/tenants/{tenant}/findings")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.ADMIN, Roles.RCA})
@Tag(name = "findings", description = "Root-cause findings of one tenant")
@APIResponse(
    responseCode = "400",
    description = "a parameter or the body is malformed",
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
public class FindingResource {
  /** The longest window a finding list may cover. */
  static final Duration MAX_LIST_RANGE = Duration.ofDays(90);

  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject FindingStore findings;
  @Inject QueryAudit audit;
  @Inject ObjectMapper json;
  @Context UriInfo uriInfo;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.ADMIN, Roles.RCA})
  @Operation(summary = "Create a finding (role rca or admin); the core assigns its id")
  @APIResponse(responseCode = "201", description = "the stored finding; Location names it")
  public Response create(
      @Parameter(description = QueryResource.TENANT_DOC) @PathParam("tenant") String tenant,
      FindingInput input) {
    FindingDto created =
        audit.run(
            "findings.create",
            tenant,
            summary(input).build(),
            id -> {
              Instant now = audit.now();
              byte[] bytes = new byte[16];
              RANDOM.nextBytes(bytes);
              StoredFinding finding =
                  toFinding(id, HexFormat.of().formatHex(bytes), input, Optional.empty(), now);
              findings.put(finding);
              return dto(finding);
            },
            f -> 1);
    URI location = uriInfo.getAbsolutePathBuilder().path(created.id()).build();
    return Response.created(location).entity(created).build();
  }

  @PUT
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.ADMIN, Roles.RCA})
  @Operation(summary = "Update a finding while its incident lasts, or close it (role rca or admin)")
  @APIResponse(responseCode = "200", description = "the stored finding")
  @APIResponse(
      responseCode = "404",
      description = "no such finding in this tenant",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public FindingDto update(
      @Parameter(description = QueryResource.TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = "finding id, 32 lower-case hex digits") @PathParam("id")
          String findingId,
      FindingInput input) {
    return audit.run(
        "findings.update",
        tenant,
        summary(input).put("id", findingId).build(),
        id -> {
          StoredFinding.requireId(findingId);
          StoredFinding existing =
              findings
                  .get(id, findingId)
                  .orElseThrow(
                      () -> ProblemException.notFound("no finding with this id in this tenant"));
          StoredFinding finding =
              toFinding(id, findingId, input, Optional.of(existing), audit.now());
          findings.put(finding);
          return dto(finding);
        },
        f -> 1);
  }

  @GET
  @Operation(summary = "Findings opened in the window, newest first, paged by cursor")
  @APIResponse(responseCode = "200", description = "one page of findings")
  public PageDto<FindingDto> list(
      @Parameter(description = QueryResource.TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = "window start (default: 7 days before to)") @QueryParam("from")
          String from,
      @Parameter(description = QueryResource.TO_DOC) @QueryParam("to") String to,
      @Parameter(description = "open or closed") @QueryParam("status") String status,
      @Parameter(description = "page size, 1 to 500 (default 100)") @QueryParam("limit")
          String limit,
      @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor")
          String cursor) {
    return audit.run(
        "findings.list",
        tenant,
        new Params()
            .put("from", from)
            .put("to", to)
            .put("status", status)
            .put("limit", limit)
            .put("cursor", cursor == null ? null : "present")
            .build(),
        id -> {
          Instant now = audit.now();
          String start =
              from == null || from.isBlank()
                  ? (to == null || to.isBlank() ? now : QueryParams.instant(to, "to"))
                      .minus(MAX_SEARCH_RANGE)
                      .toString()
                  : from;
          TimeRange range = QueryParams.range(start, to, MAX_LIST_RANGE, now);
          FindingQuery query =
              new FindingQuery(
                  id,
                  range,
                  QueryParams.choice(status, StoredFinding.Status.class, "status"),
                  QueryParams.limit(limit, FindingQuery.MAX_LIMIT),
                  QueryParams.cursor(cursor));
          return PageDto.of(findings.list(query), this::dto);
        },
        p -> p.items().size());
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One finding")
  @APIResponse(responseCode = "200", description = "the finding")
  @APIResponse(
      responseCode = "404",
      description = "no such finding in this tenant",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public FindingDto get(
      @Parameter(description = QueryResource.TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = "finding id, 32 lower-case hex digits") @PathParam("id")
          String findingId) {
    return audit.run(
        "findings.get",
        tenant,
        new Params().put("id", findingId).build(),
        id ->
            findings
                .get(id, StoredFinding.requireId(findingId))
                .map(this::dto)
                .orElseThrow(
                    () -> ProblemException.notFound("no finding with this id in this tenant")),
        f -> 1);
  }

  /** What is audited of a finding write: its shape, not its evidence. */
  private static Params summary(FindingInput input) {
    Params params = new Params();
    if (input != null) {
      params.put("status", input.status());
      if (input.symptom() != null) {
        params
            .put("symptomService", input.symptom().service())
            .put("symptomMetric", input.symptom().metric());
      }
      params.put("causes", input.causes() == null ? null : input.causes().size());
    }
    return params;
  }

  private StoredFinding toFinding(
      TenantId tenant,
      String id,
      FindingInput input,
      Optional<StoredFinding> existing,
      Instant now) {
    if (input == null) {
      throw ProblemException.badRequest(
          "a JSON body with symptom, causes and evidence is required");
    }
    SymptomDto symptom = input.symptom();
    if (symptom == null || symptom.from() == null || symptom.to() == null) {
      throw ProblemException.badRequest("symptom with service, metric, from and to is required");
    }
    if (symptom.service() == null || symptom.metric() == null) {
      throw ProblemException.badRequest("symptom.service and symptom.metric are required");
    }
    StoredFinding.Status status =
        QueryParams.choice(input.status(), StoredFinding.Status.class, "status")
            .orElse(StoredFinding.Status.OPEN);
    Instant opened =
        input.openedAt() != null
            ? input.openedAt()
            : existing.map(StoredFinding::openedAt).orElse(now);
    Instant updated = now.isBefore(opened) ? opened : now;
    Optional<Instant> closed =
        status == StoredFinding.Status.CLOSED
            ? Optional.of(input.closedAt() != null ? input.closedAt() : updated)
            : Optional.empty();
    List<CauseDto> causes = input.causes() == null ? List.of() : input.causes();
    if (causes.stream().anyMatch(c -> c == null || c.service() == null)) {
      throw ProblemException.badRequest("every cause needs a service");
    }
    // Each service once: the first (best-ranked) of its entries.
    java.util.Set<String> seen = new java.util.HashSet<>();
    causes = causes.stream().filter(c -> seen.add(c.service())).toList();
    Optional<Instant> detected =
        input.detectedAt() != null
            ? Optional.of(input.detectedAt())
            : existing.isPresent() ? existing.get().detectedAt() : Optional.of(now);
    String evidence = evidence(input.evidence());
    return new StoredFinding(
        id,
        tenant,
        opened,
        updated,
        closed,
        status,
        new StoredFinding.Symptom(
            symptom.service(), symptom.metric(), TimeRange.of(symptom.from(), symptom.to())),
        causes.stream()
            .map(c -> new StoredFinding.Cause(c.service(), c.score(), c.confidence()))
            .toList(),
        evidence,
        detected);
  }

  private String evidence(JsonNode evidence) {
    if (evidence == null || evidence.isNull()) {
      return "{}";
    }
    if (!evidence.isContainerNode()) {
      throw ProblemException.badRequest("evidence must be a JSON object or array");
    }
    try {
      return json.writeValueAsString(evidence);
    } catch (JsonProcessingException e) {
      throw ProblemException.badRequest("evidence is not serialisable JSON");
    }
  }

  private FindingDto dto(StoredFinding f) {
    JsonNode evidence;
    try {
      evidence = json.readTree(f.evidenceJson());
    } catch (JsonProcessingException e) {
      evidence = null;
    }
    return new FindingDto(
        f.id(),
        f.tenant().value(),
        f.openedAt(),
        f.detectedAt().orElse(null),
        f.updatedAt(),
        f.closedAt().orElse(null),
        f.status().name(),
        new SymptomDto(
            f.symptom().service(),
            f.symptom().metric(),
            f.symptom().window().from(),
            f.symptom().window().to()),
        f.causes().stream().map(CauseDto::of).toList(),
        evidence);
  }
}
