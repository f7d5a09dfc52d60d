package io.mirador.core.service.query;

import static io.mirador.core.service.ApiTestSupport.admin;
import static io.mirador.core.service.ApiTestSupport.newTenant;
import static io.mirador.core.service.ApiTestSupport.rca;
import static io.mirador.core.service.ApiTestSupport.token;
import static io.mirador.core.service.ApiTestSupport.viewer;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.core.service.ApiTestSupport;
import io.mirador.store.FindingStore;
import io.mirador.store.TelemetryStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenant A can read (or write, or erase) nothing of tenant B through any endpoint, with real tokens
 * of every role; and the refusal says nothing about whether B exists.
 */
@QuarkusTest
class TenantIsolationIT extends ApiTestSupport {
  @Inject TelemetryStore store;
  @Inject FindingStore findings;

  private static Seed a;
  private static Seed b;

  @BeforeEach
  void seed() {
    if (a == null) {
      a = Seed.write(store, findings, newTenant());
      b = Seed.write(store, findings, newTenant());
    }
  }

  static Stream<Endpoints> endpoints() {
    // Paths are built per test from the seeds; this supplies the names for the report.
    return Stream.of(Endpoints.all(placeholder()).toArray(Endpoints[]::new));
  }

  private static Seed placeholder() {
    return new Seed("p", "p", "0".repeat(32), "0".repeat(32), java.time.Instant.EPOCH, "", "");
  }

  private static Endpoints resolve(Endpoints named, Seed seed) {
    return Endpoints.all(seed).stream()
        .filter(e -> e.name().equals(named.name()))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void otherTenantsTokensAreRefusedOnEveryEndpoint(Endpoints named) {
    Endpoints endpoint = resolve(named, a);
    List<String> strangers =
        List.of(
            viewer(b.tenant()),
            admin(b.tenant()),
            rca(b.tenant()),
            token("multi", List.of("admin", "viewer", "rca"), List.of(b.tenant(), newTenant())));
    for (String stranger : strangers) {
      Response response = endpoint.call(stranger, a.tenant());
      assertThat(response.statusCode()).as(named.name()).isEqualTo(403);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.jsonPath().getString("detail"))
          .isIn(
              "the caller may not access this tenant",
              "the caller's role does not allow this request");
      // the instance repeats the caller's own request path; nothing else may name A's data
      String body = response.asString().replace(response.jsonPath().getString("instance"), "");
      assertThat(body)
          .doesNotContain(a.marker())
          .doesNotContain(a.findingId())
          .doesNotContain(a.tenant());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void theRefusalIsTheSameForAnExistingAndAnUnknownTenant(Endpoints named) {
    String stranger = admin(b.tenant());
    Response existing = resolve(named, a).call(stranger, a.tenant());
    Response unknown = resolve(named, a).call(stranger, "no-such-tenant-" + b.marker());
    Response malformed = resolve(named, a).call(stranger, "Not%20A%20Tenant");
    assertThat(unknown.statusCode()).isEqualTo(existing.statusCode()).isEqualTo(403);
    assertThat(malformed.statusCode()).isEqualTo(403);
    assertThat(unknown.jsonPath().getString("detail"))
        .isEqualTo(existing.jsonPath().getString("detail"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void theOwnTenantIsReachable(Endpoints named) {
    if (named.method().equals("DELETE")) {
      return; // erasure has its own test
    }
    Endpoints endpoint = resolve(named, a);
    String own =
        named.method().equals("GET") && !named.name().equals("audit")
            ? viewer(a.tenant())
            : admin(a.tenant());
    if (named.method().equals("POST") || named.method().equals("PUT")) {
      own = rca(a.tenant());
    }
    Response response = endpoint.call(own, a.tenant());
    assertThat(response.statusCode()).as(named.name() + ": " + response.asString()).isIn(200, 201);
  }

  @Test
  void aTenantsOwnAnswersHoldNoneOfTheOtherTenantsData() {
    for (Endpoints endpoint : Endpoints.all(b)) {
      if (!endpoint.method().equals("GET")) {
        continue;
      }
      Response response = endpoint.call(admin(b.tenant()), b.tenant());
      assertThat(response.statusCode()).as(endpoint.name()).isIn(200, 404);
      assertThat(response.asString()).as(endpoint.name()).doesNotContain(a.marker());
    }
    // the trace id is shared on purpose: B sees its own three spans only
    Response trace = Endpoints.all(b).getFirst().call(viewer(b.tenant()), b.tenant());
    assertThat(trace.jsonPath().getList("spans")).hasSize(3);
    assertThat(trace.asString()).contains(b.marker());
    // A's finding id does not resolve in B
    viewerOf(b)
        .get("/api/v1/tenants/" + b.tenant() + "/findings/" + a.findingId())
        .then()
        .statusCode(404);
  }

  @Test
  void rolesAreEnforcedWithinTheOwnTenant() {
    String tenant = a.tenant();
    // viewers cannot write findings, erase or read the audit trail; rca cannot erase or audit
    for (String token : List.of(viewer(tenant), rca(tenant))) {
      as(token).delete("/api/v1/tenants/" + tenant + "?confirm=" + tenant).then().statusCode(403);
      as(token).get("/api/v1/tenants/" + tenant + "/audit").then().statusCode(403);
    }
    as(viewer(tenant))
        .contentType("application/json")
        .body(Endpoints.FINDING_BODY)
        .post("/api/v1/tenants/" + tenant + "/findings")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    // refusals for the role are audited under the tenant of the path
    List<String> denied =
        as(admin(tenant))
            .queryParam("action", "denied.role")
            .get("/api/v1/tenants/" + tenant + "/audit")
            .jsonPath()
            .getList("items.actor", String.class);
    assertThat(denied).contains("oidc:viewer-" + tenant, "oidc:rca-" + tenant);
  }

  private static io.restassured.specification.RequestSpecification viewerOf(Seed seed) {
    return as(viewer(seed.tenant()));
  }
}
