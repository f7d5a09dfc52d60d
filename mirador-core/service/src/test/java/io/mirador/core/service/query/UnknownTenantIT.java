package io.mirador.core.service.query;

import static io.mirador.core.service.ApiTestSupport.viewer;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.core.service.ApiTestSupport;
import io.mirador.store.AuditQuery;
import io.mirador.store.AuditRecord;
import io.mirador.store.AuditStore;
import io.mirador.store.FindingStore;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TimeRange;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A tenant the configuration does not have: a caller who may see it (the local admin token, or a
 * token naming it) gets a 404 problem on every tenant-scoped endpoint, after the access check; a
 * caller who may not gets the same 403 as for any tenant it cannot see; and no audit row is written
 * under the unknown name.
 */
@QuarkusTest
class UnknownTenantIT extends ApiTestSupport {
  @Inject TelemetryStore store;
  @Inject FindingStore findings;
  @Inject AuditStore audit;

  /** Unconfigured, and new in every run so that rows of an earlier run cannot hide a failure. */
  private static final String UNKNOWN =
      "nx" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));

  @Test
  void theLocalAdminGetsA404ProblemOnEveryTenantEndpointAndNoAuditRow() {
    Instant start = Instant.now();
    Seed seed = Seed.write(store, findings, newTenant());
    List<String> failures = new ArrayList<>();
    for (Endpoints endpoint : Endpoints.all(seed)) {
      Endpoints call =
          endpoint.name().equals("erase")
              ? new Endpoints("erase", "DELETE", "", Map.of("confirm", UNKNOWN), endpoint.body())
              : endpoint;
      Response response = call.call(localToken(), UNKNOWN);
      if (response.statusCode() != 404
          || !response.contentType().startsWith("application/problem+json")
          || !response.asString().contains("tenant '" + UNKNOWN + "' is not configured")) {
        failures.add(endpoint.name() + ": " + response.statusCode() + " " + response.asString());
      }
    }
    assertThat(failures).isEmpty();
    // The issue's own trial, by hand.
    as(localToken())
        .get("/api/v1/tenants/" + UNKNOWN + "/services")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    // The agents list and the residency refusals, filtered by the unknown tenant.
    as(localToken())
        .queryParam("tenant", UNKNOWN)
        .get("/api/v1/admin/agents")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    as(localToken())
        .queryParam("tenant", UNKNOWN)
        .get("/api/v1/admin/residency-refusals")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");

    assertThat(rows(UNKNOWN, start)).as("audit rows under the unknown tenant").isEmpty();
    // The attempts are still audited, site-wide, as not_found.
    assertThat(rows("", start))
        .anySatisfy(
            r -> {
              assertThat(r.action()).isEqualTo("query.services.list");
              assertThat(r.outcome()).isEqualTo("not_found");
            });
  }

  @Test
  void aTokenNamingAnUnknownTenantGetsA404AndAStrangerTheUsual403() {
    Instant start = Instant.now();
    // A token that names the tenant may learn that the core does not have it.
    as(viewer(UNKNOWN))
        .get("/api/v1/tenants/" + UNKNOWN + "/services")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    // A caller of another tenant gets the same answer for the unknown tenant as for a real one
    // it may not see: nothing tells it which of the two exists.
    String other = newTenant();
    Response unknown = as(viewer(other)).get("/api/v1/tenants/" + UNKNOWN + "/services");
    Response real = as(viewer(other)).get("/api/v1/tenants/test-default/services");
    assertThat(unknown.statusCode()).isEqualTo(403);
    assertThat(real.statusCode()).isEqualTo(403);
    for (String field : List.of("title", "status", "detail")) {
      assertThat(unknown.jsonPath().getString(field))
          .as(field)
          .isEqualTo(real.jsonPath().getString(field));
    }
    assertThat(rows(UNKNOWN, start)).isEmpty();
  }

  private List<AuditRecord> rows(String tenant, Instant from) {
    return audit
        .search(
            new AuditQuery(
                tenant,
                TimeRange.of(from.minus(Duration.ofSeconds(5)), Instant.now().plusSeconds(5)),
                Optional.empty(),
                Optional.empty(),
                AuditQuery.MAX_LIMIT,
                Optional.empty()))
        .items();
  }
}
