package io.mirador.ui.session;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who a session belongs to, as the core (local mode, {@code GET /api/v1/me}) or the OIDC token
 * (production) says: a name, roles and the tenants the user may see.
 */
public record Principal(String user, Set<String> roles, Set<String> tenants) {
  /** The core's tenant id rule (mirador-core TenantClaimAugmentor). */
  public static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  public static final String ADMIN = "admin";

  public Principal {
    requireNonNull(user, "user");
    if (user.isBlank()) {
      throw new IllegalArgumentException("user must not be blank");
    }
    roles = Set.copyOf(requireNonNull(roles, "roles"));
    tenants = Set.copyOf(requireNonNull(tenants, "tenants"));
    for (String tenant : tenants) {
      if (!TENANT.matcher(tenant).matches()) {
        throw new IllegalArgumentException("tenant ids are lower-case [a-z0-9_-], at most 64");
      }
    }
  }

  public boolean isAdmin() {
    return roles.contains(ADMIN);
  }

  public boolean mayRead(String tenant) {
    return tenants.contains(tenant);
  }
}
