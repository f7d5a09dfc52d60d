package io.mirador.core.service.query;

import static io.mirador.core.service.ApiTestSupport.admin;
import static io.mirador.core.service.ApiTestSupport.newTenant;
import static io.mirador.core.service.ApiTestSupport.viewer;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.core.service.ApiTestSupport;
import io.mirador.store.FindingStore;
import io.mirador.store.TelemetryStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Erasure removes a tenant's telemetry and findings, and only that tenant's; it is audited. */
@QuarkusTest
class ErasureIT extends ApiTestSupport {
  @Inject TelemetryStore store;
  @Inject FindingStore findings;

  @Test
  void erasureRemovesOneTenantsDataOnly() {
    Seed doomed = Seed.write(store, findings, newTenant());
    Seed kept = Seed.write(store, findings, newTenant());
    String base = "/api/v1/tenants/" + doomed.tenant();

    as(admin(doomed.tenant())).delete(base + "?confirm=wrong").then().statusCode(400);
    as(admin(doomed.tenant())).delete(base).then().statusCode(400);

    JsonPath erased =
        as(admin(doomed.tenant()))
            .delete(base + "?confirm=" + doomed.tenant())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    // 3 spans, 2 logs, 1 gauge point; 1 finding
    assertThat(erased.getLong("telemetryRows")).isEqualTo(6);
    assertThat(erased.getLong("findings")).isEqualTo(1);

    for (Endpoints endpoint : Endpoints.all(doomed)) {
      if (endpoint.method().equals("GET") && !endpoint.name().equals("audit")) {
        String body = endpoint.call(viewer(doomed.tenant()), doomed.tenant()).asString();
        assertThat(body).as(endpoint.name()).doesNotContain(doomed.marker());
      }
    }
    as(viewer(doomed.tenant())).get(base + "/traces/" + doomed.traceId()).then().statusCode(404);
    as(viewer(doomed.tenant()))
        .get(base + "/findings/" + doomed.findingId())
        .then()
        .statusCode(404);

    String keptBase = "/api/v1/tenants/" + kept.tenant();
    assertThat(
            as(viewer(kept.tenant()))
                .get(keptBase + "/traces/" + kept.traceId())
                .jsonPath()
                .getList("spans"))
        .hasSize(3);
    as(viewer(kept.tenant()))
        .get(keptBase + "/findings/" + kept.findingId())
        .then()
        .statusCode(200);
    assertThat(
            as(viewer(kept.tenant()))
                .queryParams(Map.of("from", kept.from(), "to", kept.to()))
                .get(keptBase + "/logs")
                .jsonPath()
                .getList("items"))
        .hasSize(2);

    // the audit trail survives the erasure and records it
    JsonPath audit =
        as(admin(doomed.tenant()))
            .queryParam("action", "admin.tenant.erase")
            .get(base + "/audit")
            .jsonPath();
    assertThat(audit.getList("items.outcome", String.class)).contains("ok", "invalid");
  }
}
