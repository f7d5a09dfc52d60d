package io.mirador.core.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mirador.core.service.ApiTestSupport;
import io.mirador.crypto.Signal;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.ingest.v1.PushResponse;
import io.mirador.ingest.v1.SealedBatch;
import io.mirador.store.AuditQuery;
import io.mirador.store.AuditRecord;
import io.mirador.store.AuditStore;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sealed ingest through real gRPC clients into the running core on the real embedded store:
 * agents registered through the admin API, the core's key read from the public endpoint.
 */
@QuarkusTest
@QuarkusTestResource(IngestTestResource.class)
class SealedIngestTest extends ApiTestSupport {
  private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
  private static final SecureRandom RANDOM = new SecureRandom();

  @TestHTTPResource("/")
  URI http;

  @Inject TelemetryStore store;
  @Inject AuditStore audit;

  private IngestClient agentA;
  private IngestClient agentB;
  private int sequence = 1;

  @BeforeEach
  void agents() {
    int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    agentA =
        new IngestClient(
            port, "agent-a-" + RUN + "-" + RANDOM.nextInt(1 << 20), X25519KeyPair.generate(RANDOM));
    agentB =
        new IngestClient(
            port, "agent-b-" + RUN + "-" + RANDOM.nextInt(1 << 20), X25519KeyPair.generate(RANDOM));
    register("ingest-a", agentA);
    register("ingest-b", agentB);
  }

  @AfterEach
  void close() throws InterruptedException {
    agentA.close();
    agentB.close();
  }

  private void register(String tenant, IngestClient agent) {
    as(localToken())
        .contentType("application/json")
        .body(
            Map.of(
                "tenant",
                tenant,
                "agentId",
                agent.agentId,
                "publicKey",
                Base64.getEncoder().encodeToString(agent.key.publicKey().bytes())))
        .post("/api/v1/admin/agents")
        .then()
        .statusCode(201);
  }

  private SealedBatch traces(IngestClient agent, String tenant, String traceId, int spans) {
    return agent.seal(
        IngestClient.coreKey(http),
        tenant,
        sequence++,
        Signal.TRACES,
        OtlpData.trace(traceId, "cart", spans).toByteArray());
  }

  private static Status.Code code(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
    return Status.Code.OK;
  }

  @Test
  void aSealedBatchIsStoredRedactedAndAReplayIsNotStoredTwice() {
    String traceId = OtlpData.traceId();
    SealedBatch batch = traces(agentA, "ingest-a", traceId, 3);

    assertThat(agentA.push(batch).getResult()).isEqualTo(PushResponse.Result.STORED);
    assertThat(agentA.push(batch).getResult()).isEqualTo(PushResponse.Result.DUPLICATE);
    assertThat(agentA.push(batch).getResult()).isEqualTo(PushResponse.Result.DUPLICATE);

    var spans = store.trace(TenantId.of("ingest-a"), traceId);
    assertThat(spans).hasSize(3);
    // The core's own redaction pass hashed the e-mail the test agent did not redact.
    assertThat(spans.get(0).attributes().get("user.email"))
        .isNotEqualTo("jane.doe@example.com")
        .startsWith("pii:");
    assertThat(spans.get(0).attributes()).containsEntry("http.route", "/cart");

    String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .containsPattern(
            "mirador_ingest_batches_total\\{[^}]*outcome=\"duplicate\"[^}]*tenant=\"ingest-a\"")
        .containsPattern("mirador_ingest_rows_stored_total\\{[^}]*tenant=\"ingest-a\"")
        .contains("mirador_ingest_store_seconds")
        .contains("mirador_ingest_inflight_bytes");
  }

  @Test
  void anAgentOfTenantACannotWriteTenantB() {
    String traceId = OtlpData.traceId();
    // Agent A names tenant B in the header: not registered for B.
    StatusRuntimeException claimed =
        (StatusRuntimeException)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> agentA.push(traces(agentA, "ingest-b", traceId, 1)));
    assertThat(claimed.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(claimed.getStatus().getDescription()).contains("not registered");

    // Agent A poses as agent B (B's id, A's key): the batch does not open.
    SealedBatch impersonation =
        agentA.seal(
            IngestClient.coreKey(http),
            "ingest-b",
            agentB.agentId,
            sequence++,
            Signal.TRACES,
            OtlpData.trace(traceId, "cart", 1).toByteArray());
    assertThat(code(() -> agentA.push(impersonation))).isEqualTo(Status.Code.INVALID_ARGUMENT);

    // B's genuine batch with its tenant rewritten to A: associated data breaks.
    SealedBatch moved =
        traces(agentB, "ingest-b", traceId, 1).toBuilder().setTenantId("ingest-a").build();
    assertThat(code(() -> agentB.push(moved))).isEqualTo(Status.Code.PERMISSION_DENIED);

    assertThat(store.trace(TenantId.of("ingest-b"), traceId)).isEmpty();
    assertThat(store.trace(TenantId.of("ingest-a"), traceId)).isEmpty();
  }

  @Test
  void aBatchForATenantOfAnotherRegionIsRefusedAuditedAndNotStored() {
    String traceId = OtlpData.traceId();
    Instant before = Instant.now().minusSeconds(1);
    SealedBatch far = traces(agentA, "ingest-far", traceId, 2);

    StatusRuntimeException refused =
        (StatusRuntimeException)
            org.assertj.core.api.Assertions.catchThrowable(() -> agentA.push(far));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refused.getStatus().getDescription()).contains("region").contains("far");

    assertThat(store.trace(TenantId.of("ingest-far"), traceId)).isEmpty();
    List<AuditRecord> records =
        audit
            .search(
                new AuditQuery(
                    "ingest-far",
                    TimeRange.of(before, Instant.now().plusSeconds(5)),
                    Optional.of("agent:" + agentA.agentId),
                    Optional.of("ingest.refused.residency"),
                    10,
                    Optional.empty()))
            .items();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).outcome()).isEqualTo("denied");
  }

  @Test
  void malformedTruncatedAndOversizedBatchesGetClearErrorsAndCounters() {
    StatusRuntimeException garbage =
        (StatusRuntimeException)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> agentA.pushRaw(new byte[] {(byte) 0xff, 0x01, 0x02, 0x03}));
    assertThat(garbage.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(garbage.getStatus().getDescription()).contains("SealedBatch");

    SealedBatch good = traces(agentA, "ingest-a", OtlpData.traceId(), 2);
    ByteString payload = good.getPayload();
    SealedBatch truncated =
        good.toBuilder().setPayload(payload.substring(0, payload.size() / 2)).build();
    StatusRuntimeException cut =
        (StatusRuntimeException)
            org.assertj.core.api.Assertions.catchThrowable(() -> agentA.push(truncated));
    assertThat(cut.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(cut.getStatus().getDescription()).contains("does not open");

    SealedBatch noKey =
        good.toBuilder().setEncapsulatedKey(ByteString.copyFrom(new byte[5])).build();
    assertThat(code(() -> agentA.push(noKey))).isEqualTo(Status.Code.INVALID_ARGUMENT);

    byte[] huge = new byte[17 << 20];
    SealedBatch oversized = good.toBuilder().setPayload(ByteString.copyFrom(huge)).build();
    Status.Code big = code(() -> agentA.push(oversized));
    assertThat(big).isIn(Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED);

    // The truncated batch's sequence number was not used up: the intact batch is stored.
    assertThat(agentA.push(good).getResult()).isEqualTo(PushResponse.Result.STORED);

    String metrics = RestAssured.get("/q/metrics").then().extract().asString();
    assertThat(metrics)
        .containsPattern(
            "mirador_ingest_batches_total\\{[^}]*outcome=\"refused\",reason=\"malformed\"")
        .containsPattern(
            "mirador_ingest_batches_total\\{[^}]*outcome=\"refused\",reason=\"not-opened\"[^}]*tenant=\"ingest-a\"");
  }

  @Test
  void rotationKeepsOldBatchesOpeningUntilTheOldKeyIsRetired() {
    IngestClient.CoreKey old = IngestClient.coreKey(http);
    String rotated =
        as(localToken())
            .post("/api/v1/admin/keys/rotate")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    IngestClient.CoreKey fresh = IngestClient.coreKey(http);
    assertThat(fresh.id()).isNotEqualTo(old.id());
    assertThat(rotated).contains(fresh.id()).contains(old.id());

    String t1 = OtlpData.traceId();
    SealedBatch toOld =
        agentA.seal(
            old,
            "ingest-a",
            sequence++,
            Signal.TRACES,
            OtlpData.trace(t1, "cart", 1).toByteArray());
    assertThat(agentA.push(toOld).getResult()).isEqualTo(PushResponse.Result.STORED);

    as(localToken()).post("/api/v1/admin/keys/" + old.id() + "/retire").then().statusCode(200);
    as(localToken()).post("/api/v1/admin/keys/" + fresh.id() + "/retire").then().statusCode(409);
    SealedBatch late =
        agentA.seal(
            old,
            "ingest-a",
            sequence++,
            Signal.TRACES,
            OtlpData.trace(OtlpData.traceId(), "cart", 1).toByteArray());
    StatusRuntimeException refused =
        (StatusRuntimeException)
            org.assertj.core.api.Assertions.catchThrowable(() -> agentA.push(late));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refused.getStatus().getDescription()).contains("unknown_recipient_key");
  }

  @Test
  void anAdminOfOneTenantCanNeitherManageAnotherTenantsAgentsNorTheSiteKeys() {
    String intruder = "intruder-" + RUN;
    as(admin("ingest-b"))
        .contentType("application/json")
        .body(Map.of("tenant", "ingest-a", "agentId", intruder, "publicKey", b64key()))
        .post("/api/v1/admin/agents")
        .then()
        .statusCode(403);
    as(admin("ingest-b")).get("/api/v1/admin/agents?tenant=ingest-a").then().statusCode(403);
    String own =
        as(admin("ingest-b"))
            .get("/api/v1/admin/agents")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(own).contains(agentB.agentId).doesNotContain(agentA.agentId);
    String all =
        as(localToken()).get("/api/v1/admin/agents").then().statusCode(200).extract().asString();
    assertThat(all).contains(agentA.agentId, agentB.agentId).doesNotContain(intruder);
    // The key is site-wide: an admin of only some of this core's tenants may not rotate it.
    as(admin("ingest-a", "ingest-b")).post("/api/v1/admin/keys/rotate").then().statusCode(403);
    as(admin("ingest-a")).post("/api/v1/admin/keys/some-key/retire").then().statusCode(403);
  }

  @Test
  void theAdminApiNeedsTheAdminRoleAndValidatesInput() {
    RestAssured.given()
        .contentType("application/json")
        .body(Map.of("tenant", "ingest-a", "agentId", "x", "publicKey", "AAAA"))
        .post("/api/v1/admin/agents")
        .then()
        .statusCode(401);
    as(viewer("ingest-a")).post("/api/v1/admin/keys/rotate").then().statusCode(403);
    as(localToken())
        .contentType("application/json")
        .body(Map.of("tenant", "ingest-far", "agentId", "far-1", "publicKey", b64key()))
        .post("/api/v1/admin/agents")
        .then()
        .statusCode(400);
    as(localToken())
        .contentType("application/json")
        .body(Map.of("tenant", "ingest-a", "agentId", agentB.agentId, "publicKey", b64key()))
        .post("/api/v1/admin/agents")
        .then()
        .statusCode(409);
    as(localToken())
        .contentType("application/json")
        .body(Map.of("tenant", "ingest-a", "agentId", "bad", "publicKey", "bm90IGEga2V5"))
        .post("/api/v1/admin/agents")
        .then()
        .statusCode(400);
    String listed =
        as(localToken())
            .get("/api/v1/admin/agents?tenant=ingest-a")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(listed).contains(agentA.agentId).doesNotContain(agentB.agentId);
  }

  @Test
  void readinessReportsTheKeyringAndTheStore() {
    String health = RestAssured.get("/q/health/ready").then().statusCode(200).extract().asString();
    assertThat(health).contains("mirador-ingest").contains("reachable");
  }

  private static String b64key() {
    return Base64.getEncoder().encodeToString(X25519KeyPair.generate(RANDOM).publicKey().bytes());
  }
}
