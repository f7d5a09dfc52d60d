package io.mirador.core.service.security;

/** The roles a caller may hold (from the OIDC role claim, or the local admin token). */
public final class Roles {
  /** Reads the telemetry, features and findings of the caller's tenants. */
  public static final String VIEWER = "viewer";

  /** Everything a viewer may, plus erasure, the audit trail and the admin API. */
  public static final String ADMIN = "admin";

  /**
   * The RCA service's own role: reads like a viewer and writes findings. A dedicated role, so that
   * the RCA's client credentials cannot erase tenants or read the audit trail.
   */
  public static final String RCA = "rca";

  private Roles() {}
}
