package io.mirador.core.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {
  private static Config config(Map<String, String> values) {
    return new SmallRyeConfigBuilder().withDefaultValues(values).build();
  }

  @Test
  void localTokenModeIsTheDefaultOnLoopback() {
    AuthSettings settings =
        new AuthSettings(
            config(
                Map.of("quarkus.oidc.tenant-enabled", "false", "quarkus.http.host", "127.0.0.1")));
    assertThat(settings.localTokenEnabled()).isTrue();
    assertThat(settings.oidcEnabled()).isFalse();
    String token = settings.localToken().orElseThrow().takeForDisplay();
    // 256 random bits, base64url without padding
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(settings.localToken().orElseThrow().takeForDisplay()).isNull();
    assertThat(settings.localToken().orElseThrow().matches(token)).isTrue();
    assertThat(settings.localToken().orElseThrow().matches(token + "x")).isFalse();
  }

  @Test
  void eachStartHasItsOwnToken() {
    Config config =
        config(Map.of("quarkus.oidc.tenant-enabled", "false", "quarkus.http.host", "::1"));
    String a = new AuthSettings(config).localToken().orElseThrow().takeForDisplay();
    String b = new AuthSettings(config).localToken().orElseThrow().takeForDisplay();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void localTokenModeRefusesToStartOnANetworkAddress() {
    for (String host : new String[] {"0.0.0.0", "10.1.2.3", "::", "example.invalid"}) {
      assertThatThrownBy(
              () ->
                  new AuthSettings(
                      config(
                          Map.of(
                              "quarkus.oidc.tenant-enabled", "false", "quarkus.http.host", host))))
          .as(host)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("loopback");
    }
  }

  @Test
  void oidcNeedsAnIssuerUrlAndAnAudience() {
    assertThatThrownBy(
            () ->
                new AuthSettings(
                    config(
                        Map.of(
                            "quarkus.oidc.tenant-enabled",
                            "true",
                            "quarkus.http.host",
                            "0.0.0.0"))))
        .hasMessageContaining("auth-server-url");
    assertThatThrownBy(
            () ->
                new AuthSettings(
                    config(
                        Map.of(
                            "quarkus.oidc.tenant-enabled", "true",
                            "quarkus.oidc.auth-server-url", "https://idp.example.com/realms/x",
                            "quarkus.http.host", "0.0.0.0"))))
        .hasMessageContaining("audience");
    AuthSettings production =
        new AuthSettings(
            config(
                Map.of(
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", "https://idp.example.com/realms/x",
                    "quarkus.oidc.token.audience", "mirador-core",
                    "quarkus.http.host", "0.0.0.0")));
    assertThat(production.oidcEnabled()).isTrue();
    assertThat(production.localTokenEnabled()).isFalse();
  }

  @Test
  void localTokenCannotBeForcedOntoANetworkFacingOidcCore() {
    assertThatThrownBy(
            () ->
                new AuthSettings(
                    config(
                        Map.of(
                            "quarkus.oidc.tenant-enabled", "true",
                            "quarkus.oidc.auth-server-url", "https://idp.example.com/realms/x",
                            "quarkus.oidc.token.audience", "mirador-core",
                            "mirador.auth.local-token", "on",
                            "quarkus.http.host", "0.0.0.0"))))
        .hasMessageContaining("loopback");
  }

  @Test
  void noAuthenticationAtAllRefusesToStart() {
    assertThatThrownBy(
            () ->
                new AuthSettings(
                    config(
                        Map.of(
                            "quarkus.oidc.tenant-enabled", "false",
                            "mirador.auth.local-token", "off",
                            "quarkus.http.host", "127.0.0.1"))))
        .hasMessageContaining("no authentication configured");
  }

  @Test
  void tenantClaimParsing() {
    assertThat(TenantClaimAugmentor.tenants("a b,c")).containsExactly("a", "b", "c");
    assertThat(TenantClaimAugmentor.tenants(java.util.List.of("a", "b"))).containsExactly("a", "b");
    assertThat(TenantClaimAugmentor.tenants(null)).isEmpty();
    assertThat(TenantClaimAugmentor.tenants("a,Bad Tenant")).isEmpty();
    assertThat(TenantClaimAugmentor.tenants("' OR 1=1 --")).isEmpty();
    assertThat(TenantClaimAugmentor.tenants(42)).isEmpty();
  }
}
