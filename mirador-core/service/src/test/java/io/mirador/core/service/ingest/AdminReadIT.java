package io.mirador.core.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.mirador.core.service.ApiTestSupport;
import io.mirador.store.AuditQuery;
import io.mirador.store.AuditRecord;
import io.mirador.store.AuditStore;
import io.mirador.store.TimeRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The admin pages' reads: tenants as configured, keys without key material, residency refusals from
 * the audit trail (a real refusal, through the plain OTLP receiver); viewers refused; every read
 * audited.
 */
@QuarkusTest
@QuarkusTestResource(IngestTestResource.class)
class AdminReadIT extends ApiTestSupport {
  @Inject AuditStore auditStore;

  @Test
  void viewersAreRefusedEveryAdminRead() {
    for (String path :
        List.of(
            "/api/v1/admin/tenants", "/api/v1/admin/keys", "/api/v1/admin/residency-refusals")) {
      as(viewer("ingest-a"))
          .get(path)
          .then()
          .statusCode(403)
          .contentType("application/problem+json");
    }
  }

  @Test
  void tenantsShowRegionRetentionAgentsAndPolicy() {
    JsonPath tenants =
        as(localToken()).get("/api/v1/admin/tenants").then().statusCode(200).extract().jsonPath();
    assertThat(tenants.getList("tenants.id", String.class))
        .contains("ingest-a", "ingest-b", "ingest-far", "test-default");
    assertThat(tenants.getString("tenants.find { it.id == 'ingest-far' }.region")).isEqualTo("far");
    assertThat(tenants.getBoolean("tenants.find { it.id == 'ingest-far' }.policy.storedHere"))
        .isFalse();
    assertThat(tenants.getBoolean("tenants.find { it.id == 'ingest-a' }.policy.storedHere"))
        .isTrue();
    assertThat(tenants.getInt("tenants.find { it.id == 'ingest-a' }.retention.traces"))
        .isEqualTo(30);
    assertThat(tenants.getInt("tenants.find { it.id == 'ingest-a' }.retention.metrics"))
        .isEqualTo(90);
    assertThat(tenants.getList("tenants.find { it.id == 'ingest-a' }.policy.apiKeys")).isNotEmpty();
    // An admin of one tenant sees that tenant only.
    JsonPath scoped =
        as(admin("ingest-b"))
            .get("/api/v1/admin/tenants")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(scoped.getList("tenants.id", String.class)).containsExactly("ingest-b");
    assertThat(audited("admin.tenants.list")).isNotEmpty();
  }

  @Test
  void keysListStatesAndTimesWithoutKeyMaterial() {
    String body =
        as(localToken()).get("/api/v1/admin/keys").then().statusCode(200).extract().asString();
    JsonPath keys = JsonPath.from(body);
    String active = keys.getString("active");
    assertThat(keys.getString("keys.find { it.keyId == '" + active + "' }.state"))
        .isEqualTo("active");
    assertThat(keys.getString("keys.find { it.keyId == '" + active + "' }.purpose"))
        .isEqualTo("recipient");
    assertThat(keys.getList("keys.purpose", String.class)).contains("pseudonymization");
    assertThat(body).doesNotContain("publicKey").doesNotContain("secret");
    // The published public key itself is not in the listing either.
    String published =
        RestAssured.given()
            .get("/api/v1/ingest/keys")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("keys.find { it.keyId == '" + active + "' }.publicKey");
    assertThat(body).doesNotContain(published);
    assertThat(audited("admin.keys.list")).isNotEmpty();
  }

  @Test
  void residencyRefusalsComeFromTheAuditTrail() {
    RestAssured.given()
        .header("X-Mirador-Api-Key", IngestTestResource.apiKey("ingest-far"))
        .contentType("application/x-protobuf")
        .body(OtlpData.trace(OtlpData.traceId(), "svc", 1).toByteArray())
        .post("/v1/traces")
        .then()
        .statusCode(403);
    JsonPath refusals =
        as(localToken())
            .queryParam("tenant", "ingest-far")
            .get("/api/v1/admin/residency-refusals")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(refusals.getLong("total")).isGreaterThanOrEqualTo(1);
    assertThat(refusals.getString("refusals[0].tenant")).isEqualTo("ingest-far");
    assertThat(refusals.getString("refusals[0].region")).isEqualTo("far");
    assertThat(refusals.getString("refusals[0].agent")).startsWith("apikey:");
    assertThat(refusals.getString("refusals[0].reason")).contains("residency region is far");
    // Without a tenant: every tenant the caller may see; a tenant outside the token is refused.
    assertThat(
            as(localToken())
                .get("/api/v1/admin/residency-refusals")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("refusals.tenant", String.class))
        .contains("ingest-far");
    as(admin("ingest-a"))
        .queryParam("tenant", "ingest-far")
        .get("/api/v1/admin/residency-refusals")
        .then()
        .statusCode(403);
    as(localToken())
        .queryParam("from", "yesterday")
        .get("/api/v1/admin/residency-refusals")
        .then()
        .statusCode(400)
        .body("detail", containsString("from must be an ISO-8601 instant"));
    assertThat(audited("admin.residency.refusals")).isNotEmpty();
  }

  private List<AuditRecord> audited(String action) {
    Instant now = Instant.now();
    return auditStore
        .search(
            new AuditQuery(
                "",
                TimeRange.of(now.minus(Duration.ofMinutes(10)), now.plusSeconds(5)),
                Optional.empty(),
                Optional.of(action),
                100,
                Optional.empty()))
        .items();
  }
}
