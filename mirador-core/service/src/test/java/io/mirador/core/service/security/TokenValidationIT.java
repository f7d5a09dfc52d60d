package io.mirador.core.service.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.mirador.core.service.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real tokens, signed with the OIDC test server's key (published in its JWKS) or with a stranger's,
 * against a tenant-scoped endpoint: only a valid token for this audience and issuer, with roles and
 * a tenant claim, gets in.
 */
@QuarkusTest
class TokenValidationIT extends ApiTestSupport {
  private final String tenant = newTenant();
  private final String path = "/api/v1/tenants/" + tenant + "/services";

  private static void refused(String token) {
    as(token).get("/api/v1/tenants/" + "x" + "/services").then().statusCode(401);
  }

  @Test
  void validViewerAndAdminTokensAreAccepted() {
    as(viewer(tenant)).get(path).then().statusCode(200);
    as(admin(tenant)).get(path).then().statusCode(200);
    as(rca(tenant)).get(path).then().statusCode(200);
  }

  @Test
  void noTokenIsRefusedWithAProblem() {
    RestAssured.get(path)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("status", equalTo(401));
  }

  @Test
  void expiredTokenIsRefused() {
    String expired =
        Jwt.issuer(ISSUER)
            .audience(AUDIENCE)
            .subject("late")
            .claim("mirador_roles", List.of("admin"))
            .claim("mirador_tenants", List.of(tenant))
            .issuedAt(Instant.now().minusSeconds(3600))
            .expiresAt(Instant.now().minusSeconds(600))
            .sign();
    as(expired).get(path).then().statusCode(401);
  }

  @Test
  void wrongIssuerIsRefused() {
    String token =
        Jwt.issuer("https://evil.example.com")
            .audience(AUDIENCE)
            .subject("mallory")
            .claim("mirador_roles", List.of("admin"))
            .claim("mirador_tenants", List.of(tenant))
            .expiresIn(300)
            .sign();
    as(token).get(path).then().statusCode(401);
  }

  @Test
  void wrongAudienceIsRefused() {
    String token =
        Jwt.issuer(ISSUER)
            .audience("another-application")
            .subject("mallory")
            .claim("mirador_roles", List.of("admin"))
            .claim("mirador_tenants", List.of(tenant))
            .expiresIn(300)
            .sign();
    as(token).get(path).then().statusCode(401);
  }

  @Test
  void tamperedPayloadIsRefused() {
    String valid = viewer("other-tenant");
    String[] parts = valid.split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("other-tenant", tenant)
            .replace("\"viewer\"", "\"admin\"");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    as(forged).get(path).then().statusCode(401);
  }

  @Test
  void tokenSignedWithAnotherKeyIsRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String token =
        Jwt.issuer(ISSUER)
            .audience(AUDIENCE)
            .subject("mallory")
            .claim("mirador_roles", List.of("admin"))
            .claim("mirador_tenants", List.of(tenant))
            .expiresIn(300)
            .jws()
            .keyId("1")
            .algorithm(SignatureAlgorithm.RS256)
            .sign(generator.generateKeyPair().getPrivate());
    as(token).get(path).then().statusCode(401);
  }

  @Test
  void unsignedTokenIsRefused() {
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String payload =
        b64(
            "{\"iss\":\""
                + ISSUER
                + "\",\"aud\":\""
                + AUDIENCE
                + "\",\"sub\":\"mallory\",\"exp\":"
                + (Instant.now().getEpochSecond() + 300)
                + ",\"mirador_roles\":[\"admin\"],\"mirador_tenants\":[\""
                + tenant
                + "\"]}");
    as(header + "." + payload + ".").get(path).then().statusCode(401);
  }

  @Test
  void missingTenantClaimIsRefused() {
    String token =
        Jwt.issuer(ISSUER)
            .audience(AUDIENCE)
            .subject("nobody")
            .claim("mirador_roles", List.of("admin"))
            .expiresIn(300)
            .sign();
    as(token).get(path).then().statusCode(401);
    String malformed =
        Jwt.issuer(ISSUER)
            .audience(AUDIENCE)
            .subject("nobody")
            .claim("mirador_roles", List.of("admin"))
            .claim("mirador_tenants", List.of("Not A Tenant"))
            .expiresIn(300)
            .sign();
    as(malformed).get(path).then().statusCode(401);
  }

  @Test
  void tokenWithoutAnyRoleIsForbidden() {
    String token = token("norole", List.of(), List.of(tenant));
    as(token).get(path).then().statusCode(403).contentType("application/problem+json");
  }

  @Test
  void garbageBearerValuesAreRefused() {
    refused("not-a-token");
    refused("a.b.c");
    refused("");
  }

  @Test
  void localAdminTokenSeesEveryTenantAndNothingElseGetsIn() {
    String local = localToken();
    as(local).get(path).then().statusCode(200);
    as(local).get("/api/v1/tenants/" + newTenant() + "/services").then().statusCode(200);
    as(local).get("/api/v1/tenants/" + tenant + "/audit").then().statusCode(200);
    // One character changed is refused (and not passed on to be treated as anything else).
    char last = local.charAt(local.length() - 1);
    String wrong = local.substring(0, local.length() - 1) + (last == 'A' ? 'B' : 'A');
    as(wrong).get(path).then().statusCode(401).body("status", not(equalTo(200)));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
