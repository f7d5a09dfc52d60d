package io.mirador.core.service.security;

import io.mirador.core.config.CoreConfig;
import io.mirador.core.service.api.ProblemException;
import io.mirador.store.TenantId;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Scopes a request to a configured tenant the caller may see. Access is checked first: a tenant
 * outside the caller's set gets the same 403 whether or not it exists, and whether or not its id is
 * well formed, so that the answer says nothing about other tenants. Only a caller who may see the
 * tenant (the local admin token sees every tenant; an OIDC token the tenants it names) learns that
 * it is not configured: a 404 problem, and no audit row under its name ({@link #auditedTenant}).
 */
@RequestScoped
public class TenantAccess {
  private final SecurityIdentity identity;
  private final CoreConfig config;

  @Inject
  TenantAccess(SecurityIdentity identity, CoreConfig config) {
    this.identity = identity;
    this.config = config;
  }

  /**
   * The tenant, if the caller may see it and the configuration has it; else a 403 problem (not the
   * caller's), 400 (malformed, for a caller who may see every tenant) or 404 (not configured).
   */
  public TenantId require(String tenant) {
    TenantId id;
    if (tenant != null && allTenants()) {
      try {
        id = TenantId.of(tenant);
      } catch (IllegalArgumentException e) {
        throw ProblemException.badRequest(e.getMessage());
      }
    } else if (tenant == null || !tenants().contains(tenant)) {
      throw ProblemException.forbidden("the caller may not access this tenant");
    } else {
      try {
        id = TenantId.of(tenant);
      } catch (IllegalArgumentException e) {
        // A token may name anything; a name that is not an id is not a configured tenant.
        throw notConfigured(tenant);
      }
    }
    if (!configured(id.value())) {
      throw notConfigured(id.value());
    }
    return id;
  }

  /** The 404 for a tenant the configuration does not have; names it only when well formed. */
  public static ProblemException notConfigured(String tenant) {
    try {
      return ProblemException.notFound(
          "tenant '" + TenantId.of(tenant).value() + "' is not configured");
    } catch (IllegalArgumentException | NullPointerException e) {
      return ProblemException.notFound("the tenant is not configured");
    }
  }

  /** Whether the configuration has {@code tenant} (of any region). */
  public boolean configured(String tenant) {
    return tenant != null && config.tenant(tenant).isPresent();
  }

  /**
   * The tenant under which a request for {@code tenant} is audited: itself when configured and well
   * formed, else "" (site-wide), so that a name nobody configured never gets audit rows.
   */
  public String auditedTenant(String tenant) {
    if (tenant == null || !configured(tenant)) {
      return "";
    }
    try {
      return TenantId.of(tenant).value();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** Whether the caller may see every tenant (the local admin token). */
  public boolean allTenants() {
    return Boolean.TRUE.equals(identity.getAttribute(LocalTokenMechanism.ALL_TENANTS));
  }

  /** The tenants named in the caller's token. */
  public Set<String> tenants() {
    Set<String> tenants = identity.getAttribute(TenantClaimAugmentor.TENANTS);
    return tenants == null ? Set.of() : tenants;
  }

  public boolean hasRole(String role) {
    return identity.hasRole(role);
  }

  /** Who the caller is, for the audit trail: the token subject, or {@code local-admin}. */
  public String actor() {
    if (identity.isAnonymous()) {
      return "anonymous";
    }
    if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
      return "oidc:" + jwt.getSubject();
    }
    return identity.getPrincipal().getName();
  }
}
