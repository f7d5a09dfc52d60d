package io.mirador.rca.service;

import io.mirador.rca.online.SourceException;

/** The caller's bearer token, as {@link BearerFilter} let it through. */
final class Caller {
  private Caller() {}

  static TokenSource token(String authorization) {
    String token =
        BearerTokens.fromHeader(authorization)
            .orElseThrow(
                () ->
                    new SourceException(
                        SourceException.Reason.UNAUTHENTICATED, "a bearer token is required"));
    return () -> token;
  }
}
