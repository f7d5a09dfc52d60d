package io.mirador.core.service.security;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How callers authenticate, decided once at start and checked before anything listens:
 *
 * <ul>
 *   <li>OIDC bearer tokens when {@code quarkus.oidc.tenant-enabled} is true (with an issuer URL and
 *       an audience: a token minted for another application is refused);
 *   <li>the local admin token ({@code mirador.auth.local-token}: {@code auto} = only when OIDC is
 *       off, {@code on}, {@code off}), which requires the HTTP server to bind to a loopback
 *       address.
 * </ul>
 *
 * Neither configured, or the local token on a non-loopback address, stops the start with a message
 * that says what to set.
 */
@Singleton
public final class AuthSettings {
  private final boolean oidc;
  private final Optional<LocalToken> localToken;
  private final String tenantsClaim;
  private final String httpHost;

  @Inject
  AuthSettings() {
    this(ConfigProvider.getConfig());
  }

  AuthSettings(Config config) {
    this.oidc = config.getOptionalValue("quarkus.oidc.tenant-enabled", Boolean.class).orElse(true);
    this.tenantsClaim =
        config
            .getOptionalValue("mirador.auth.tenants-claim", String.class)
            .orElse("mirador_tenants");
    this.httpHost = config.getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0");
    String mode =
        config
            .getOptionalValue("mirador.auth.local-token", String.class)
            .orElse("auto")
            .toLowerCase(Locale.ROOT);
    boolean local =
        switch (mode) {
          case "auto" -> !oidc;
          case "on", "true" -> true;
          case "off", "false" -> false;
          default ->
              throw new IllegalStateException(
                  "mirador.auth.local-token must be auto, on or off, not '" + mode + "'");
        };
    if (oidc) {
      if (config.getOptionalValue("quarkus.oidc.auth-server-url", String.class).isEmpty()) {
        throw new IllegalStateException(
            "OIDC is enabled but quarkus.oidc.auth-server-url (MIRADOR_OIDC_URL) is not set");
      }
      List<String> audience =
          config.getOptionalValues("quarkus.oidc.token.audience", String.class).orElse(List.of());
      if (audience.isEmpty()) {
        throw new IllegalStateException(
            "OIDC is enabled but quarkus.oidc.token.audience (MIRADOR_OIDC_AUDIENCE) is not set:"
                + " without it a token issued for another application would be accepted");
      }
    } else if (!local) {
      throw new IllegalStateException(
          "no authentication configured: enable OIDC (MIRADOR_OIDC_ENABLED=true, MIRADOR_OIDC_URL,"
              + " MIRADOR_OIDC_AUDIENCE) or the local admin token (MIRADOR_LOCAL_TOKEN=auto)");
    }
    if (local && !isLoopback(httpHost)) {
      throw new IllegalStateException(
          "the local admin token is only allowed when HTTP binds to a loopback address, but"
              + " quarkus.http.host (MIRADOR_HTTP_HOST) is "
              + httpHost
              + ": configure OIDC for a network-facing core");
    }
    this.localToken =
        local ? Optional.of(LocalToken.generate(new SecureRandom())) : Optional.empty();
  }

  static boolean isLoopback(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.isEmpty()) {
      return false;
    }
    try {
      InetAddress[] addresses = InetAddress.getAllByName(bare);
      for (InetAddress address : addresses) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public boolean oidcEnabled() {
    return oidc;
  }

  public boolean localTokenEnabled() {
    return localToken.isPresent();
  }

  Optional<LocalToken> localToken() {
    return localToken;
  }

  /** The token claim that lists the caller's tenants. */
  public String tenantsClaim() {
    return tenantsClaim;
  }
}
