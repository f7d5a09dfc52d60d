package io.mirador.core.service.security;

import io.mirador.core.service.api.ProblemException;
import io.mirador.store.TenantId;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Scopes a request to a tenant the caller may see. A tenant outside the caller's set gets the same
 * 403 whether or not it exists, and whether or not its id is well formed, so that the answer says
 * nothing about other tenants. The local admin token sees every tenant.
 */
@RequestScoped
public class TenantAccess {
  private final SecurityIdentity identity;

  @Inject
  TenantAccess(SecurityIdentity identity) {
    this.identity = identity;
  }

  /** The tenant, if the caller may see it; else a 403 problem. */
  public TenantId require(String tenant) {
    if (tenant != null && allTenants()) {
      try {
        return TenantId.of(tenant);
      } catch (IllegalArgumentException e) {
        throw ProblemException.badRequest(e.getMessage());
      }
    }
    if (tenant == null || !tenants().contains(tenant)) {
      throw ProblemException.forbidden("the caller may not access this tenant");
    }
    return TenantId.of(tenant);
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
