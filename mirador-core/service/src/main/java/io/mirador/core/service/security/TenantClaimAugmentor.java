package io.mirador.core.service.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reads the caller's tenants from the token claim named by {@code mirador.auth.tenants-claim} (a
 * JSON array of tenant ids, or one string of ids separated by spaces or commas) into the identity.
 * A token without the claim, or with an empty or malformed one, is refused: every endpoint is
 * scoped to a tenant, so such a caller could do nothing but probe.
 */
@ApplicationScoped
final class TenantClaimAugmentor implements SecurityIdentityAugmentor {
  static final String TENANTS = "mirador.tenants";
  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final int MAX_TENANTS = 1000;

  private final AuthSettings settings;

  @Inject
  TenantClaimAugmentor(AuthSettings settings) {
    this.settings = settings;
  }

  @Override
  public Uni<SecurityIdentity> augment(
      SecurityIdentity identity, AuthenticationRequestContext context) {
    if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
      return Uni.createFrom().item(identity);
    }
    Set<String> tenants = tenants(jwt.getClaim(settings.tenantsClaim()));
    if (tenants.isEmpty()) {
      return Uni.createFrom()
          .failure(
              new AuthenticationFailedException(
                  "token has no valid " + settings.tenantsClaim() + " claim"));
    }
    return Uni.createFrom()
        .item(
            QuarkusSecurityIdentity.builder(identity)
                .addAttribute(TENANTS, Set.copyOf(tenants))
                .build());
  }

  /** The tenant ids of a claim value; empty when it is absent or anything in it is malformed. */
  static Set<String> tenants(Object claim) {
    Set<String> out = new LinkedHashSet<>();
    switch (claim) {
      case null -> {
        return Set.of();
      }
      case JsonArray array -> {
        for (JsonValue value : array) {
          if (!(value instanceof JsonString s)) {
            return Set.of();
          }
          out.add(s.getString());
        }
      }
      case JsonString s -> out.addAll(split(s.getString()));
      case String s -> out.addAll(split(s));
      case Collection<?> values -> {
        for (Object value : values) {
          out.add(String.valueOf(value instanceof JsonString s ? s.getString() : value));
        }
      }
      default -> {
        return Set.of();
      }
    }
    if (out.size() > MAX_TENANTS || !out.stream().allMatch(t -> TENANT.matcher(t).matches())) {
      return Set.of();
    }
    return out;
  }

  private static Set<String> split(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String part : text.split("[\\s,]+")) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }
}
