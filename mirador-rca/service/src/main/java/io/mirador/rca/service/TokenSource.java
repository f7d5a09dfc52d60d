package io.mirador.rca.service;

/** Supplies a bearer token for calls to the core. */
@FunctionalInterface
interface TokenSource {
  /**
   * The current token.
   *
   * @throws io.mirador.rca.online.SourceException (UNAUTHENTICATED) when none is available
   */
  String token();
}
