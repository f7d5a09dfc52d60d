package io.mirador.core.service.query;

import static io.mirador.core.service.ApiTestSupport.admin;
import static io.mirador.core.service.ApiTestSupport.newTenant;
import static io.mirador.core.service.ApiTestSupport.rca;
import static io.mirador.core.service.ApiTestSupport.viewer;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.core.service.ApiTestSupport;
import io.mirador.store.FindingStore;
import io.mirador.store.TelemetryStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every query and admin action leaves an audit row: who, what, outcome, count; never values. */
@QuarkusTest
class AuditIT extends ApiTestSupport {
  @Inject TelemetryStore store;
  @Inject FindingStore findings;

  @Test
  @SuppressWarnings("unchecked")
  void queriesAndAdminActionsAreAuditedWithoutTelemetryValues() {
    Seed seed = Seed.write(store, findings, newTenant());
    String base = "/api/v1/tenants/" + seed.tenant();
    String viewer = viewer(seed.tenant());
    as(viewer)
        .queryParams(
            Map.of(
                "from",
                seed.from(),
                "to",
                seed.to(),
                "attr",
                "user.secret=" + seed.secretAttribute()))
        .get(base + "/spans")
        .then()
        .statusCode(200);
    as(viewer)
        .queryParams(Map.of("from", seed.from(), "to", seed.to(), "contains", seed.secretBody()))
        .get(base + "/logs")
        .then()
        .statusCode(200);
    as(viewer).queryParam("limit", "0").get(base + "/spans").then().statusCode(400);
    as(rca(seed.tenant()))
        .queryParams(Map.of("from", seed.from(), "to", seed.to()))
        .queryParam("gapsToCaller", "checkout", "cart")
        .get(base + "/features/self-times")
        .then()
        .statusCode(200);
    // a stranger's refused attempt is audited under the tenant it aimed at
    as(admin(newTenant())).get(base + "/spans").then().statusCode(403);
    as(admin(seed.tenant())).get(base + "/audit").then().statusCode(200);

    JsonPath audit =
        as(admin(seed.tenant()))
            .queryParam("limit", 1000)
            .get(base + "/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String all = audit.prettify();
    List<Map<String, Object>> rows = audit.getList("items");

    assertThat(rows)
        .anySatisfy(
            row -> {
              assertThat(row.get("action")).isEqualTo("query.spans.search");
              assertThat(row.get("outcome")).isEqualTo("ok");
              assertThat(row.get("actor")).isEqualTo("oidc:viewer-" + seed.tenant());
              assertThat(((Number) row.get("resultCount")).longValue()).isEqualTo(1);
              assertThat((Map<Object, Object>) row.get("parameters"))
                  .containsEntry("attrKeys", "user.secret");
            });
    assertThat(rows)
        .anySatisfy(
            row -> {
              assertThat(row.get("action")).isEqualTo("query.logs.search");
              assertThat(((Number) row.get("resultCount")).longValue()).isEqualTo(1);
              assertThat((Map<Object, Object>) row.get("parameters")).containsKey("contains");
            });
    assertThat(rows)
        .anySatisfy(
            row -> {
              assertThat(row.get("action")).isEqualTo("query.features.selftimes");
              assertThat((Map<Object, Object>) row.get("parameters"))
                  .containsEntry("gapsToCaller", "cart,checkout");
            });
    assertThat(rows).anySatisfy(row -> assertThat(row.get("outcome")).isEqualTo("invalid"));
    assertThat(rows).anySatisfy(row -> assertThat(row.get("outcome")).isEqualTo("denied"));
    assertThat(rows)
        .anySatisfy(row -> assertThat(row.get("action")).isEqualTo("admin.audit.search"));
    // the telemetry values asked for and returned are nowhere in the audit trail
    assertThat(all).doesNotContain(seed.secretAttribute()).doesNotContain(seed.secretBody());
  }

  @Test
  void auditFiltersByActionAndPages() {
    String tenant = newTenant();
    String base = "/api/v1/tenants/" + tenant;
    for (int i = 0; i < 5; i++) {
      as(viewer(tenant)).get(base + "/services").then().statusCode(200);
    }
    JsonPath first =
        as(admin(tenant))
            .queryParams(Map.of("action", "query.services.list", "limit", "2"))
            .get(base + "/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(first.getList("items")).hasSize(2);
    String cursor = first.getString("nextCursor");
    assertThat(cursor).isNotNull();
    int total = 2;
    while (cursor != null) {
      JsonPath page =
          as(admin(tenant))
              .queryParams(Map.of("action", "query.services.list", "limit", "2", "cursor", cursor))
              .get(base + "/audit")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      total += page.getList("items").size();
      cursor = page.getString("nextCursor");
    }
    assertThat(total).isEqualTo(5);
  }
}
