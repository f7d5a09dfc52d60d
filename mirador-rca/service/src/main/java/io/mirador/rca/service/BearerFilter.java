package io.mirador.rca.service;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /api/v1} request needs a well-formed bearer token. Whether it is valid, and which
 * tenants it may see, the core decides on every call this request makes to it (RATIONALE.md,
 * "Authentication"): the RCA service answers nothing it has not read from the core with the
 * caller's own token.
 */
final class BearerFilter {
  @ServerRequestFilter
  Optional<Response> requireBearer(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api/v1/") || path.equals("/api/v1/openapi")) {
      return Optional.empty();
    }
    if (BearerTokens.fromHeader(request.getHeaderString(HttpHeaders.AUTHORIZATION)).isEmpty()) {
      return Optional.of(
          Problem.response(Response.Status.UNAUTHORIZED, "a bearer token is required"));
    }
    return Optional.empty();
  }
}
