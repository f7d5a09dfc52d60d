package io.mirador.core.service.api;

import static java.util.Objects.requireNonNull;

/**
 * A request that ends in an RFC 9457 problem response. The detail is shown to the caller: it says
 * what was wrong with the request and never carries telemetry, tokens or secrets.
 */
public final class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;

  public ProblemException(int status, String title, String detail) {
    super(requireNonNull(detail, "detail"), null, false, false);
    this.status = status;
    this.title = requireNonNull(title, "title");
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(400, "Bad request", detail);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(404, "Not found", detail);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, "Forbidden", detail);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
