package io.mirador.rca.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Findings, read from the core (which stores them, scopes them to tenants and audits reads). */
@Path("/api/v1/findings")
@Produces(MediaType.APPLICATION_JSON)
public class FindingsResource {
  @Inject CoreClient core;

  @GET
  @Operation(summary = "Findings of a tenant opened in [from, to), newest first (the core's page)")
  public JsonNode list(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @QueryParam("tenant") String tenant,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("status") String status,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    String t = Tenants.require(tenant);
    var params = new LinkedHashMap<String, Object>();
    if (from != null) {
      params.put("from", Params.instant(from, "from"));
    }
    if (to != null) {
      params.put("to", Params.instant(to, "to"));
    }
    if (status != null) {
      String s = status.strip().toUpperCase(java.util.Locale.ROOT);
      if (!s.equals("OPEN") && !s.equals("CLOSED")) {
        throw new BadRequestException("status must be open or closed (either case)");
      }
      params.put("status", s);
    }
    if (limit != null) {
      try {
        int n = Integer.parseInt(limit.strip());
        if (n < 1 || n > 500) {
          throw new NumberFormatException();
        }
        params.put("limit", n);
      } catch (NumberFormatException e) {
        throw new BadRequestException("limit must be an integer from 1 to 500");
      }
    }
    if (cursor != null) {
      params.put("cursor", Params.text(cursor, "cursor"));
    }
    return core.listFindings(Caller.token(authorization).token(), t, params);
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One finding of a tenant")
  public JsonNode get(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @QueryParam("tenant") String tenant,
      @PathParam("id") String id) {
    return core.getFinding(
        Caller.token(authorization).token(), Tenants.require(tenant), FindingIds.require(id));
  }
}
