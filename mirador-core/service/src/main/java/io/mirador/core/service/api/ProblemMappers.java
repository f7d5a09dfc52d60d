package io.mirador.core.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.mirador.core.service.audit.AuditEntry;
import io.mirador.core.service.audit.AuditLog;
import io.mirador.store.StoreException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error of the REST API as {@code application/problem+json}. Details come from our own
 * messages; exceptions from elsewhere get a generic detail and are logged here instead (by class
 * and message, which never hold request bodies or tokens).
 */
final class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private static final Pattern TENANT_PATH =
      Pattern.compile("/api/v1/tenants/([a-z0-9][a-z0-9_-]{0,63})(?:/|$)");
  static final LongAdder INTERNAL_ERRORS = new LongAdder();

  private final AuditLog audit;
  private final CurrentIdentityAssociation identities;

  @Inject
  ProblemMappers(AuditLog audit, CurrentIdentityAssociation identities) {
    this.audit = audit;
    this.identities = identities;
  }

  @ServerExceptionMapper
  Response problem(ProblemException e, HttpServerRequest request) {
    return Problem.response(e.status(), e.title(), e.getMessage(), request.path());
  }

  @ServerExceptionMapper
  Response invalid(IllegalArgumentException e, HttpServerRequest request) {
    return Problem.response(400, "Bad request", e.getMessage(), request.path());
  }

  @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
  Response unreadableBody(Exception e, HttpServerRequest request) {
    return Problem.response(
        400,
        "Bad request",
        "the request body is not valid JSON of the expected shape",
        request.path());
  }

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  Response unauthenticated(RuntimeException e, HttpServerRequest request) {
    Response problem =
        Problem.response(
            401,
            "Unauthorized",
            "a valid bearer token is required (Authorization: Bearer <token>)",
            request.path());
    return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
  }

  @ServerExceptionMapper
  Response forbidden(ForbiddenException e, HttpServerRequest request) {
    auditRoleDenial(request);
    return Problem.response(
        403, "Forbidden", "the caller's role does not allow this request", request.path());
  }

  /**
   * A tenant-scoped request refused for its role never reaches the resource that audits; it is
   * audited here, under the tenant of its path.
   */
  private void auditRoleDenial(HttpServerRequest request) {
    try {
      Matcher tenant = TENANT_PATH.matcher(request.path());
      SecurityIdentity identity = identities.getIdentity();
      if (!tenant.lookingAt() || identity == null || identity.isAnonymous()) {
        return;
      }
      String actor =
          identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
              ? "oidc:" + jwt.getSubject()
              : identity.getPrincipal().getName();
      audit.record(
          new AuditEntry(
              Instant.now(),
              actor,
              tenant.group(1),
              "denied.role",
              Map.of("method", request.method().name()),
              "denied",
              -1));
    } catch (RuntimeException ex) {
      LOG.debugf("role denial not audited: %s", ex.getClass().getSimpleName());
    }
  }

  @ServerExceptionMapper
  Response storeDown(StoreException e, HttpServerRequest request) {
    LOG.warnf("store failure on %s: %s", request.path(), e.getMessage());
    return Response.fromResponse(
            Problem.response(
                503,
                "Service unavailable",
                "the telemetry store failed or is unavailable; retry later",
                request.path()))
        .header("Retry-After", "5")
        .build();
  }

  @ServerExceptionMapper
  Response web(WebApplicationException e, HttpServerRequest request) {
    int status = e.getResponse().getStatus();
    String title =
        Response.Status.fromStatusCode(status) == null
            ? "Error"
            : Response.Status.fromStatusCode(status).getReasonPhrase();
    String detail =
        switch (status) {
          case 400 ->
              "the request is malformed (a JSON body must be valid JSON of the expected shape)";
          case 404 -> "no such resource";
          case 405 -> "method not allowed on this resource";
          case 406 -> "this resource answers application/json only";
          case 415 -> "the request body must be application/json";
          default -> title;
        };
    return Problem.response(status, title, detail, request.path());
  }

  @ServerExceptionMapper
  Response internal(Throwable e, HttpServerRequest request) {
    INTERNAL_ERRORS.increment();
    LOG.errorf("internal error on %s: %s", request.path(), e.getClass().getName());
    LOG.debug("internal error", e);
    return Problem.response(
        500, "Internal server error", "the request failed; the error was logged", request.path());
  }
}
