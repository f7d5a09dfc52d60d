package io.mirador.rca.service;

import io.mirador.rca.online.NotEnoughDataException;
import io.mirador.rca.online.SourceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure as problem+json; messages are this service's own, never echoed input. */
final class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  Response badRequest(BadRequestException e) {
    return Problem.response(Response.Status.BAD_REQUEST, e.getMessage());
  }

  @ServerExceptionMapper
  Response busy(AnalysisSlots.Busy e) {
    return Response.fromResponse(Problem.response(429, "Too Many Requests", e.getMessage()))
        .header("Retry-After", "5")
        .build();
  }

  @ServerExceptionMapper
  Response notEnoughData(NotEnoughDataException e) {
    return Problem.response(Problem.UNPROCESSABLE, "Unprocessable Content", e.getMessage());
  }

  @ServerExceptionMapper
  Response source(SourceException e) {
    return switch (e.reason()) {
      case UNAUTHENTICATED -> Problem.response(Response.Status.UNAUTHORIZED, e.getMessage());
      case FORBIDDEN -> Problem.response(Response.Status.FORBIDDEN, e.getMessage());
      case INVALID -> Problem.response(Response.Status.BAD_REQUEST, e.getMessage());
      case NOT_FOUND -> Problem.response(Response.Status.NOT_FOUND, e.getMessage());
      case UNAVAILABLE -> Problem.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    };
  }

  @ServerExceptionMapper
  Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    Response.Status s = Response.Status.fromStatusCode(status);
    if (s == null) {
      s = Response.Status.BAD_REQUEST;
    }
    return Problem.response(
        s,
        status == 404
            ? "no such resource"
            : s.getReasonPhrase().toLowerCase(java.util.Locale.ROOT));
  }

  @ServerExceptionMapper
  Response unexpected(RuntimeException e) {
    LOG.errorf("request failed: %s", e.getClass().getName());
    return Problem.response(Response.Status.INTERNAL_SERVER_ERROR, "internal error");
  }
}
