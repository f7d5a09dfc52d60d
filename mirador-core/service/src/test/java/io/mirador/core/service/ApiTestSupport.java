package io.mirador.core.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the API tests share: the OIDC test server (one for every @QuarkusTest of the module), real
 * signed tokens, the local admin token, and tenants of their own per test run.
 */
@QuarkusTestResource(OidcWiremockTestResource.class)
public abstract class ApiTestSupport {
  public static final String ISSUER = "https://server.example.com";
  public static final String AUDIENCE = "mirador-core";
  private static final AtomicInteger TENANTS = new AtomicInteger();
  private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));

  /** A tenant id nobody else uses in this run or earlier runs. */
  public static String newTenant() {
    return "q" + RUN + "-" + TENANTS.incrementAndGet();
  }

  /** A valid token for the test audience and issuer. */
  public static String token(String subject, List<String> roles, List<String> tenants) {
    return Jwt.issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(subject)
        .claim("mirador_roles", roles)
        .claim("mirador_tenants", tenants)
        .expiresIn(300)
        .sign();
  }

  public static String viewer(String... tenants) {
    return token("viewer-" + String.join("+", tenants), List.of("viewer"), List.of(tenants));
  }

  public static String admin(String... tenants) {
    return token("admin-" + String.join("+", tenants), List.of("admin"), List.of(tenants));
  }

  public static String rca(String... tenants) {
    return token("rca-" + String.join("+", tenants), List.of("rca"), List.of(tenants));
  }

  /** The local admin token, from the 0600 file the core writes under its data directory. */
  public static String localToken() {
    try {
      return Files.readString(Path.of("target/test-data/local-admin.token")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RequestSpecification as(String token) {
    return RestAssured.given().header("Authorization", "Bearer " + token);
  }
}
