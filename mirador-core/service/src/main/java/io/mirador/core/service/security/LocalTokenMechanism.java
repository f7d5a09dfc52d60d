package io.mirador.core.service.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Accepts {@code Authorization: Bearer <local admin token>} when the local token is enabled. It
 * runs before OIDC: a bearer value that is not the local token is left to OIDC when OIDC is on (a
 * JWT is never the local token), and refused when it is the only mechanism.
 */
@ApplicationScoped
final class LocalTokenMechanism implements HttpAuthenticationMechanism {
  /** The principal of the local admin token, as the audit trail names it. */
  static final String LOCAL_ADMIN = "local-admin";

  static final String ALL_TENANTS = "mirador.all-tenants";

  private final AuthSettings settings;

  @Inject
  LocalTokenMechanism(AuthSettings settings) {
    this.settings = settings;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    if (settings.localToken().isEmpty()) {
      return Uni.createFrom().nullItem();
    }
    String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Uni.createFrom().nullItem();
    }
    String token = header.substring(7).strip();
    if (settings.localToken().get().matches(token)) {
      return Uni.createFrom()
          .item(
              QuarkusSecurityIdentity.builder()
                  .setPrincipal(new QuarkusPrincipal(LOCAL_ADMIN))
                  .addRole(Roles.ADMIN)
                  .addAttribute(ALL_TENANTS, Boolean.TRUE)
                  .build());
    }
    if (settings.oidcEnabled()) {
      return Uni.createFrom().nullItem();
    }
    return Uni.createFrom().failure(new AuthenticationFailedException("invalid bearer token"));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of();
  }

  @Override
  public int getPriority() {
    // Before OIDC's bearer mechanism, which would refuse the (non-JWT) local token outright.
    return DEFAULT_PRIORITY + 100;
  }
}
