package io.mirador.core.service.query;

import static io.mirador.core.service.query.QueryParams.MAX_SEARCH_RANGE;

import io.mirador.core.service.api.Problem;
import io.mirador.core.service.api.ProblemException;
import io.mirador.core.service.query.Dtos.AuditDto;
import io.mirador.core.service.query.Dtos.ErasureDto;
import io.mirador.core.service.query.Dtos.PageDto;
import io.mirador.core.service.query.QueryAudit.Params;
import io.mirador.core.service.security.Roles;
import io.mirador.store.AuditQuery;
import io.mirador.store.AuditStore;
import io.mirador.store.FindingStore;
import io.mirador.store.TelemetryStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin actions on one tenant: erasure and the audit trail. */
@Path("/api/v1/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "tenant admin", description = "Erasure and audit (role admin)")
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
public class TenantAdminResource {
  @Inject TelemetryStore store;
  @Inject FindingStore findings;
  @Inject AuditStore auditStore;
  @Inject QueryAudit audit;

  @DELETE
  @Operation(
      summary = "Erase every span, log, metric point and finding of the tenant",
      description =
          "Physical deletion (ClickHouse mutations, waited for). The audit trail of the tenant is"
              + " kept: it holds no telemetry values, and it records this erasure. confirm must"
              + " repeat the tenant id.")
  @APIResponse(responseCode = "200", description = "what was erased")
  public ErasureDto erase(
      @Parameter(description = QueryResource.TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = "the tenant id again, to confirm", required = true)
          @QueryParam("confirm")
          String confirm) {
    return audit.run(
        "admin.tenant.erase",
        tenant,
        new Params().put("confirmed", Boolean.toString(tenant.equals(confirm))).build(),
        id -> {
          if (!id.value().equals(confirm)) {
            throw ProblemException.badRequest("confirm must repeat the tenant id");
          }
          long rows = store.eraseTenant(id);
          long erased = findings.eraseTenant(id);
          return new ErasureDto(id.value(), rows, erased);
        },
        e -> e.telemetryRows() + e.findings());
  }

  @GET
  @Path("/audit")
  @Operation(summary = "The audit trail of the tenant, newest first, paged by cursor")
  @APIResponse(responseCode = "200", description = "one page of audit records")
  public PageDto<AuditDto> audit(
      @Parameter(description = QueryResource.TENANT_DOC) @PathParam("tenant") String tenant,
      @Parameter(description = QueryResource.FROM_DOC) @QueryParam("from") String from,
      @Parameter(description = QueryResource.TO_DOC) @QueryParam("to") String to,
      @Parameter(description = "only this actor (oidc:<subject> or local-admin)")
          @QueryParam("actor")
          String actor,
      @Parameter(description = "only this action, such as query.spans.search") @QueryParam("action")
          String action,
      @Parameter(description = "page size, 1 to 1000 (default 100)") @QueryParam("limit")
          String limit,
      @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor")
          String cursor) {
    return audit.run(
        "admin.audit.search",
        tenant,
        new Params()
            .put("from", from)
            .put("to", to)
            .put("actor", actor)
            .put("action", action)
            .put("limit", limit)
            .put("cursor", cursor == null ? null : "present")
            .build(),
        id -> {
          AuditQuery query =
              new AuditQuery(
                  id.value(),
                  QueryParams.range(from, to, MAX_SEARCH_RANGE, audit.now()),
                  QueryParams.text(actor, "actor"),
                  QueryParams.text(action, "action"),
                  QueryParams.limit(limit, AuditQuery.MAX_LIMIT),
                  QueryParams.cursor(cursor));
          return PageDto.of(
              auditStore.search(query),
              r ->
                  new AuditDto(
                      r.time(),
                      r.actor(),
                      r.tenant(),
                      r.action(),
                      r.parameters(),
                      r.outcome(),
                      r.resultCount()));
        },
        p -> p.items().size());
  }
}
