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

/**
 * What the API tests share: the OIDC test server (one for every @QuarkusTest of the module), real
 * signed tokens, the local admin token, and tenants of their own per test run.
 */
@QuarkusTestResource(OidcWiremockTestResource.class)
public abstract class ApiTestSupport {
  public static final String ISSUER = "https://server.example.com";
  public static final String AUDIENCE = "mirador-core";

  /**
   * How many tenants of their own the tests may take in one run: the test configuration lists them
   * (IngestTestResource), since the core answers 404 for a tenant it does not have.
   */
  public static final int TENANT_POOL = 128;

  /**
   * A tenant id nobody else uses in this run or earlier runs, listed in the test configuration. The
   * run id (random per test JVM) and the counter are kept in a file under target/ with the JVM's
   * pid, not in statics or system properties: the test resource that writes the configuration runs
   * in another class loader, and Quarkus restarts the application, with fresh class loaders and
   * restored system properties, between some test classes.
   */
  public static String newTenant() {
    String[] state = state(true);
    int n = Integer.parseInt(state[2]);
    if (n > TENANT_POOL) {
      throw new IllegalStateException(
          "more than " + TENANT_POOL + " test tenants taken: raise ApiTestSupport.TENANT_POOL");
    }
    return "q" + state[1] + "-" + n;
  }

  /** The n-th (1-based) tenant of this run's pool. */
  public static String poolTenant(int n) {
    return "q" + state(false)[1] + "-" + n;
  }

  /** {pid, run id, tenants taken}, taking one more when {@code take}. */
  private static String[] state(boolean take) {
    Path file = Path.of("target/test-run-id").toAbsolutePath();
    String pid = Long.toString(ProcessHandle.current().pid());
    // An interned string is one object for every class loader's copy of this class.
    synchronized ("mirador-test-tenant-pool".intern()) {
      try {
        String[] state = null;
        if (Files.exists(file)) {
          state = Files.readString(file).strip().split(" ");
        }
        if (state == null || state.length != 3 || !state[0].equals(pid)) {
          state =
              new String[] {pid, HexFormat.of().formatHex(new SecureRandom().generateSeed(3)), "0"};
        }
        if (take) {
          state[2] = Integer.toString(Integer.parseInt(state[2]) + 1);
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join(" ", state));
        return state;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
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
