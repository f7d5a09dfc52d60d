package io.mirador.core.service.query;

import static io.mirador.core.service.ApiTestSupport.newTenant;
import static io.mirador.core.service.ApiTestSupport.rca;
import static io.mirador.core.service.ApiTestSupport.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.mirador.core.service.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RCA service's findings: create, update, close, list, get; bad bodies are 400 problems. */
@QuarkusTest
class FindingsIT extends ApiTestSupport {

  @Test
  void rcaCreatesUpdatesAndClosesAFindingThatViewersRead() {
    String tenant = newTenant();
    String base = "/api/v1/tenants/" + tenant + "/findings";
    Response created =
        as(rca(tenant)).contentType("application/json").body(Endpoints.FINDING_BODY).post(base);
    assertThat(created.statusCode()).isEqualTo(201);
    String id = created.jsonPath().getString("id");
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(created.header("Location")).endsWith(base + "/" + id);
    assertThat(created.jsonPath().getString("status")).isEqualTo("OPEN");
    assertThat(created.jsonPath().getDouble("evidence.metrics[0].observed")).isEqualTo(0.4);

    String closing =
        Endpoints.FINDING_BODY.replace("{\"symptom\"", "{\"status\": \"closed\", \"symptom\"");
    JsonPath closed =
        as(rca(tenant))
            .contentType("application/json")
            .body(closing)
            .put(base + "/" + id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(closed.getString("status")).isEqualTo("CLOSED");
    assertThat(closed.getString("closedAt")).isNotNull();
    assertThat(closed.getString("openedAt")).isEqualTo(created.jsonPath().getString("openedAt"));

    JsonPath read =
        as(viewer(tenant)).get(base + "/" + id).then().statusCode(200).extract().jsonPath();
    assertThat(read.getString("status")).isEqualTo("CLOSED");
    assertThat(read.getString("causes[0].service")).isEqualTo("backend");
    assertThat(
            as(viewer(tenant)).queryParam("status", "open").get(base).jsonPath().getList("items"))
        .isEmpty();
    assertThat(
            as(viewer(tenant))
                .queryParam("status", "closed")
                .get(base)
                .jsonPath()
                .getList("items.id"))
        .containsExactly(id);

    as(rca(tenant))
        .contentType("application/json")
        .body(Endpoints.FINDING_BODY)
        .put(base + "/" + "0".repeat(32))
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void detectionTimeIsKeptAndEachCauseAppearsOnce() {
    String tenant = newTenant();
    String base = "/api/v1/tenants/" + tenant + "/findings";
    String body =
        """
        {"openedAt": "2026-11-21T10:00:00Z", "detectedAt": "2026-11-21T10:04:05Z",
         "symptom": {"service": "frontend", "metric": "latency_p99",
                     "from": "2026-11-21T10:00:00Z", "to": "2026-11-21T10:05:00Z"},
         "causes": [{"service": "cart", "score": 3.0, "confidence": 0.6},
                    {"service": "db", "score": 2.0, "confidence": 0.3},
                    {"service": "cart", "score": 1.0, "confidence": 0.1}],
         "evidence": {}}
        """;
    JsonPath created =
        as(rca(tenant))
            .contentType("application/json")
            .body(body)
            .post(base)
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    assertThat(created.getString("detectedAt")).isEqualTo("2026-11-21T10:04:05Z");
    assertThat(created.getString("openedAt")).isEqualTo("2026-11-21T10:00:00Z");
    assertThat(created.getList("causes.service")).containsExactly("cart", "db");
    assertThat(created.getDouble("causes[0].score")).isEqualTo(3.0);
    // An update without detectedAt keeps it.
    JsonPath updated =
        as(rca(tenant))
            .contentType("application/json")
            .body(body.replace("\"detectedAt\": \"2026-11-21T10:04:05Z\",", ""))
            .put(base + "/" + created.getString("id"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(updated.getString("detectedAt")).isEqualTo("2026-11-21T10:04:05Z");
    assertThat(
            as(viewer(tenant))
                .get(base + "/" + created.getString("id"))
                .jsonPath()
                .getString("detectedAt"))
        .isEqualTo("2026-11-21T10:04:05Z");
  }

  @Test
  void findingListsPage() {
    String tenant = newTenant();
    String base = "/api/v1/tenants/" + tenant + "/findings";
    for (int i = 0; i < 7; i++) {
      as(rca(tenant))
          .contentType("application/json")
          .body(Endpoints.FINDING_BODY)
          .post(base)
          .then()
          .statusCode(201);
    }
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      var request = as(viewer(tenant)).queryParam("limit", 3);
      if (cursor != null) {
        request = request.queryParam("cursor", cursor);
      }
      JsonPath page = request.get(base).then().statusCode(200).extract().jsonPath();
      ids.addAll(page.getList("items.id", String.class));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    assertThat(ids).hasSize(7);
    assertThat(new HashSet<>(ids)).hasSize(7);
    as(viewer(tenant)).queryParam("limit", 501).get(base).then().statusCode(400);
  }

  @Test
  void badFindingBodiesAreProblems() {
    String tenant = newTenant();
    String base = "/api/v1/tenants/" + tenant + "/findings";
    String[][] cases = {
      {"{not json", "valid JSON"},
      {"{}", "symptom"},
      {"[]", "valid JSON"},
      {Endpoints.FINDING_BODY.replace("0.8", "2.0"), "confidence must be between 0 and 1"},
      {
        Endpoints.FINDING_BODY.replace("\"evidence\": {", "\"evidence\": \"text\", \"x\": {"),
        "evidence must be a JSON object or array"
      },
      {
        Endpoints.FINDING_BODY.replace("\"from\": \"2026-01-01T00:00:00Z\"", "\"from\": \"soon\""),
        "valid JSON"
      },
      {
        Endpoints.FINDING_BODY
            .replace("\"status\"", "\"status\"")
            .replace("{\"symptom\"", "{\"status\": \"maybe\", \"symptom\""),
        "status must be one of"
      },
    };
    for (String[] c : cases) {
      as(rca(tenant))
          .contentType("application/json")
          .body(c[0])
          .post(base)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", containsString(c[1]));
    }
  }
}
