package io.mirador.ui;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real OIDC code flow for OidcCodeFlowIT: quarkus-test-oidc-server's WireMock provider
 * (discovery, JWKS, a login form, the token endpoint; tokens RS256-signed with its key), with one
 * user per login name whose {@code mirador_roles} / {@code mirador_tenants} claims are set here,
 * and the REAL core validating the same provider's tokens.
 */
public final class OidcProviderAndCore implements QuarkusTestResourceLifecycleManager {
  static final String ISSUER = "https://server.example.com";
  static final String CLIENT_ID = "mirador-ui";

  /** Login name -> roles, tenants. */
  static final Map<String, List<List<String>>> USERS =
      Map.of(
          "ann", List.of(List.of("viewer"), List.of("demo")),
          "root", List.of(List.of("admin"), List.of("demo")),
          "nobody", List.of(List.of("viewer"), List.of()));

  private final OidcWiremockTestResource provider = new OidcWiremockTestResource();
  private WireMockServer server;
  private CoreProcess core;

  @Override
  public Map<String, String> start() {
    Map<String, String> providerConfig = provider.start();
    provider.inject(
        new TestInjector() {
          @Override
          public void injectIntoFields(
              Object fieldValue, java.util.function.Predicate<java.lang.reflect.Field> predicate) {
            if (fieldValue instanceof WireMockServer wireMock) {
              server = wireMock;
            }
          }
        });
    String realm = providerConfig.get("keycloak.url") + "/realms/quarkus";
    for (Map.Entry<String, List<List<String>>> user : USERS.entrySet()) {
      String name = user.getKey();
      server.stubFor(
          get(urlPathEqualTo("/login"))
              .atPriority(1)
              .withQueryParam("username", equalTo(name))
              .willReturn(
                  aResponse()
                      .withStatus(302)
                      .withHeader(
                          "Location",
                          "{{request.query.redirect_uri}}?state={{request.query.state}}&code=code-"
                              + name)
                      .withTransformers("response-template")));
      String token = token(name, user.getValue().get(0), user.getValue().get(1));
      server.stubFor(
          post(urlPathEqualTo("/auth/realms/quarkus/token"))
              .atPriority(1)
              .withRequestBody(containing("code=code-" + name))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"access_token\":\""
                              + token
                              + "\",\"id_token\":\""
                              + token
                              + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
    }
    try {
      core =
          CoreProcess.start(
              Map.of(
                  "MIRADOR_OIDC_ENABLED",
                  "true",
                  "MIRADOR_OIDC_URL",
                  realm,
                  "MIRADOR_OIDC_ISSUER",
                  ISSUER,
                  "MIRADOR_OIDC_AUDIENCE",
                  "mirador-core"));
      Path dir = Files.createTempDirectory("mirador-ui-oidc-it");
      Path secret = dir.resolve("client-secret");
      Files.writeString(secret, "not-checked-by-the-test-provider\n");
      Map<String, String> config = new HashMap<>();
      config.put("mirador.ui.oidc.enabled", "true");
      config.put("quarkus.oidc.tenant-enabled", "true");
      config.put("quarkus.oidc.auth-server-url", realm);
      config.put("quarkus.oidc.client-id", CLIENT_ID);
      config.put("mirador.ui.oidc.client-secret-file", secret.toString());
      config.put("mirador.ui.core-url", core.url());
      config.put("mirador.ui.rca-url", "http://127.0.0.1:9");
      config.put("mirador.ui.data-dir", dir.resolve("ui").toString());
      return config;
    } catch (Exception e) {
      stop();
      throw new IllegalStateException("could not start the core: " + e.getMessage(), e);
    }
  }

  /** One token serves as ID and access token: audience the ui-api's client and the core. */
  private static String token(String name, List<String> roles, List<String> tenants) {
    return Jwt.preferredUserName(name)
        .subject("sub-" + name)
        .issuer(ISSUER)
        .audience(java.util.Set.of(CLIENT_ID, "mirador-core"))
        .claim("mirador_roles", roles)
        .claim("mirador_tenants", tenants)
        .expiresIn(600)
        .jws()
        .keyId("1")
        .sign("privateKey.jwk");
  }

  @Override
  public void stop() {
    if (core != null) {
      core.close();
    }
    provider.stop();
  }
}
