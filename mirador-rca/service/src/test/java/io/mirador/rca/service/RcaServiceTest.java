package io.mirador.rca.service;

import static io.mirador.rca.service.FakeCore.minute;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirador.rca.online.Tick;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@QuarkusTest
@QuarkusTestResource(FakeCoreResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RcaServiceTest {
  @Inject DetectionService detection;

  private static String body(String tenant, Instant from, Instant to) {
    return "{\"tenant\":\"" + tenant + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}";
  }

  @Test
  @Order(1)
  void rcaRanksTheFaultyServiceFirstWithEvidenceAndExamplesFromTheCore() {
    given()
        .auth()
        .oauth2("user-token")
        .contentType(ContentType.JSON)
        .body(body("acme", minute(240), minute(245)))
        .when()
        .post("/api/v1/rca")
        .then()
        .statusCode(200)
        .body("causes[0].service", equalTo("carts-db"))
        .body("causes[0].confidence", greaterThan(0f))
        .body("causes[0].evidence[0].deviation", greaterThan(3f))
        .body("causes[0].callPath[-1]", equalTo("carts-db"))
        // the fake core answers the self-time and event-pair reads with malformed rows: the
        // ranking stands on the service features, without code-path evidence
        .body("causes[0].codePath", empty())
        .body("symptom.window.start", equalTo(minute(240).toString()))
        .body("examples.traceId", hasItem("4bf92f3577b34da6a3ce929d0e0e4736"))
        .body("examples.text", hasItem("too many connections"));
  }

  @Test
  @Order(2)
  void theCallersTokenIsForwardedAndTheCoreDecidesTheTenant() {
    given()
        .contentType(ContentType.JSON)
        .body(body("acme", minute(240), minute(245)))
        .post("/api/v1/rca")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Bearer")
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2("forged-token")
        .contentType(ContentType.JSON)
        .body(body("acme", minute(240), minute(245)))
        .post("/api/v1/rca")
        .then()
        .statusCode(401)
        .body("detail", not(containsString("forged")));
    // A valid token of another tenant: the core refuses, and so does the RCA.
    given()
        .auth()
        .oauth2("other-token")
        .contentType(ContentType.JSON)
        .body(body("acme", minute(240), minute(245)))
        .post("/api/v1/rca")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2("other-token")
        .queryParam("tenant", "acme")
        .get("/api/v1/findings")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2("other-token")
        .queryParam("tenant", "acme")
        .queryParam("from", minute(240).toString())
        .queryParam("to", minute(250).toString())
        .get("/api/v1/anomalies")
        .then()
        .statusCode(403);
  }

  @Test
  @Order(3)
  void hostileParametersGetProblemsThatDoNotEchoThem() {
    for (String bad :
        List.of(
            "{\"tenant\":\"../admin\",\"from\":\"2026-11-20T12:00:00Z\",\"to\":\"2026-11-20T12:05:00Z\"}",
            "{\"tenant\":\"acme\",\"from\":\"<script>\",\"to\":\"2026-11-20T12:05:00Z\"}",
            "{\"tenant\":\"acme\",\"from\":\"2026-11-20T12:05:00Z\",\"to\":\"2026-11-20T12:00:00Z\"}",
            "{\"tenant\":\"acme\",\"from\":\"2026-11-10T12:00:00Z\",\"to\":\"2026-11-20T12:00:00Z\"}",
            "{\"tenant\":\"acme\",\"from\":\"2026-11-20T12:00:00Z\",\"to\":\"2026-11-20T12:05:00Z\","
                + "\"symptomService\":\"a\\u0000b\"}")) {
      given()
          .auth()
          .oauth2("user-token")
          .contentType(ContentType.JSON)
          .body(bad)
          .post("/api/v1/rca")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", not(containsString("script")))
          .body("detail", not(containsString("admin")));
    }
    given()
        .auth()
        .oauth2("user-token")
        .queryParam("tenant", "acme")
        .get("/api/v1/findings/..%2F..%2Fetc")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2("user-token")
        .queryParam("tenant", "acme")
        .queryParam("limit", "1; DROP TABLE")
        .get("/api/v1/findings")
        .then()
        .statusCode(400)
        .body("detail", not(containsString("DROP")));
    // A window without data before it: 422, not a made-up finding.
    given()
        .auth()
        .oauth2("user-token")
        .contentType(ContentType.JSON)
        .body(body("acme", minute(-30), minute(-25)))
        .post("/api/v1/rca")
        .then()
        .statusCode(422);
  }

  @Test
  @Order(4)
  void anomaliesListTheFaultyMinutesWithContributions() {
    given()
        .auth()
        .oauth2("user-token")
        .queryParam("tenant", "acme")
        .queryParam("from", minute(235).toString())
        .queryParam("to", minute(255).toString())
        .get("/api/v1/anomalies")
        .then()
        .statusCode(200)
        .body("tenant", equalTo("acme"))
        .body("anomalies.service", hasItem("carts-db"))
        .body("anomalies.relativeScore", everyItem(greaterThanOrEqualTo(1f)))
        .body("anomalies.deviation", everyItem(greaterThanOrEqualTo(0f)))
        .body("anomalies[0].contributions[0].feature", org.hamcrest.Matchers.notNullValue());
  }

  @Test
  @Order(5)
  void theLoopStoresOneFindingPerIncidentThroughTheCore() {
    FakeCore core = FakeCoreResource.core;
    var ticks = new ArrayList<Tick>();
    for (int m = 200; m < 290; m++) {
      Optional<Tick> tick = detection.runTenant("acme", minute(m + 2).plusSeconds(5));
      assertThat(tick).isPresent();
      ticks.add(tick.get());
    }
    assertThat(ticks.stream().mapToInt(Tick::opened).sum()).isEqualTo(1);
    assertThat(ticks.stream().mapToInt(Tick::closed).sum()).isEqualTo(1);
    assertThat(core.creates.get()).isEqualTo(1);
    assertThat(core.findings).hasSize(1);
    ObjectNode stored = core.findings.values().iterator().next();
    assertThat(stored.path("status").asText()).isEqualTo("CLOSED");
    assertThat(stored.path("causes").get(0).path("service").asText()).isEqualTo("carts-db");
    assertThat(stored.path("evidence").path("incidentId").asText()).hasSize(36);
    // The incident starts at its first anomalous minute: the fault's first, or a minute or two
    // earlier when a noisy minute just before it began the streak.
    assertThat(Instant.parse(stored.path("openedAt").asText())).isBetween(minute(238), minute(240));
    assertThat(core.requestsTo("findings").stream().filter(r -> r.startsWith("PUT")).count())
        .isGreaterThanOrEqualTo(5);
    // Detected by the run that opened it (two anomalous minutes, or one far above the level, once
    // settled), at a run's time (5 s past a minute here), not at the incident's start.
    Instant detectedAt = Instant.parse(stored.path("detectedAt").asText());
    Instant openedAt = Instant.parse(stored.path("openedAt").asText());
    assertThat(detectedAt)
        .isAfter(openedAt.plus(Duration.ofMinutes(1)))
        .isBefore(openedAt.plus(Duration.ofMinutes(3)).plusSeconds(6));
    // The estate's baseline was full: nothing widened, nothing to say.
    assertThat(stored.path("evidence").has("baseline")).isFalse();
    assertThat(detectedAt.getEpochSecond() % 60).isEqualTo(5);

    // The stored finding is readable through the RCA API with a viewer's token.
    String id = stored.path("id").asText();
    given()
        .auth()
        .oauth2("user-token")
        .queryParam("tenant", "acme")
        .get("/api/v1/findings/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("status", equalTo("CLOSED"));
    given()
        .auth()
        .oauth2("user-token")
        .queryParam("tenant", "acme")
        .queryParam("status", "closed")
        .get("/api/v1/findings")
        .then()
        .statusCode(200)
        .body("items.id", hasItem(id));
  }

  @Test
  @Order(6)
  void theDetectionStateSaysWhetherTheLoopIsLearningOrWatching() {
    given()
        .auth()
        .oauth2("user-token")
        .get("/api/v1/detection")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("tenant is required"));
    given()
        .auth()
        .oauth2("other-token")
        .queryParam("tenant", "acme")
        .get("/api/v1/detection")
        .then()
        .statusCode(403);
    given().queryParam("tenant", "acme").get("/api/v1/detection").then().statusCode(401);
    given()
        .auth()
        .oauth2("user-token")
        .queryParam("tenant", "acme")
        .get("/api/v1/detection")
        .then()
        .statusCode(200)
        .body("tenant", equalTo("acme"))
        .body("state", equalTo("watching"))
        .body("baselineMinutes", greaterThanOrEqualTo(30))
        .body("requiredMinutes", equalTo(5))
        .body("fullMinutes", equalTo(30))
        .body("tolerance", equalTo(1.0f))
        .body("description", equalTo("watching"))
        .body("openIncidents", equalTo(0))
        .body("lastRunAt", org.hamcrest.Matchers.notNullValue())
        .body("lastError", org.hamcrest.Matchers.nullValue());
    // The same in the health details.
    given()
        .get("/q/health")
        .then()
        .body(
            "checks.find { it.name == 'rca-detection-loop' }.data.'acme.state'",
            equalTo("watching"))
        .body(
            "checks.find { it.name == 'rca-detection-loop' }.data.'acme.openIncidents'",
            equalTo(0));
  }

  @Test
  @Order(7)
  void metricsAndHealthAreServed() {
    given().get("/q/health/ready").then().statusCode(200);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("mirador_rca_incidents_opened_total{tenant=\"acme\"} 1.0")
        .contains("mirador_rca_minutes_evaluated_total{tenant=\"acme\"}")
        .contains("mirador_rca_findings_pending{tenant=\"acme\"} 0.0");
    assertThat(Duration.ofMinutes(1)).isPositive();
  }
}
