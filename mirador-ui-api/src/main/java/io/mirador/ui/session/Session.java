package io.mirador.ui.session;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One logged-in browser: who, the bearer token the BFF forwards for them (it never leaves the
 * server), the CSRF token the page must echo on state changes, how they logged in, and an optional
 * hard end (an OIDC access token's expiry). {@link #toString} leaves both tokens out.
 */
public record Session(
    Principal principal, String bearer, String csrf, Mode mode, Optional<Instant> notAfter) {
  /** How the session was opened. */
  public enum Mode {
    /** Embedded default: a login link or the core's local admin token. */
    LOCAL,
    /** Production: the OIDC authorization-code flow. */
    OIDC;

    /** As the session endpoint names it. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Session {
    requireNonNull(principal, "principal");
    requireNonNull(bearer, "bearer");
    requireNonNull(csrf, "csrf");
    requireNonNull(mode, "mode");
    requireNonNull(notAfter, "notAfter");
    if (bearer.isBlank()) {
      throw new IllegalArgumentException("bearer must not be blank");
    }
  }

  /** A session for {@code principal} with a fresh CSRF token. */
  public static Session open(
      Principal principal, String bearer, Mode mode, Optional<Instant> notAfter) {
    return new Session(principal, bearer, Secrets.random(), mode, notAfter);
  }

  @Override
  public String toString() {
    return "Session[user=" + principal.user() + ", mode=" + mode + "]";
  }
}
