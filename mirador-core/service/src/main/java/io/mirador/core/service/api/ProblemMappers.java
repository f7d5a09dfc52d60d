package io.mirador.core.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.mirador.store.StoreException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error of the REST API as {@code application/problem+json}. Details come from our own
 * messages; exceptions from elsewhere get a generic detail and are logged here instead (by class
 * and message, which never hold request bodies or tokens).
 */
final class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  static final LongAdder INTERNAL_ERRORS = new LongAdder();

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
    return Problem.response(
        403, "Forbidden", "the caller's role does not allow this request", request.path());
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
