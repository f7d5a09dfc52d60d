package io.mirador.rca.service;

import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document. {@code detail} is written by this service and never carries tokens
 * or telemetry values.
 */
record Problem(String type, String title, int status, String detail) {
  static final String MEDIA_TYPE = "application/problem+json";
  static final int UNPROCESSABLE = 422;

  static Response response(Response.Status status, String detail) {
    return response(status.getStatusCode(), status.getReasonPhrase(), detail);
  }

  static Response response(int status, String title, String detail) {
    Response.ResponseBuilder r =
        Response.status(status)
            .type(MEDIA_TYPE)
            .entity(new Problem("about:blank", title, status, detail));
    if (status == 401) {
      r.header("WWW-Authenticate", "Bearer");
    }
    return r.build();
  }
}
