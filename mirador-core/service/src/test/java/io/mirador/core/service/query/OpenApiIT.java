package io.mirador.core.service.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.core.service.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document lists every endpoint, and none of them answers without a token. */
@QuarkusTest
class OpenApiIT extends ApiTestSupport {

  @Test
  @SuppressWarnings("unchecked")
  void everyTenantEndpointIsDocumentedAndRefusesAnonymousCallers() {
    JsonPath doc =
        RestAssured.given()
            .accept("application/json")
            .get("/api/v1/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, Map<String, Object>> paths = doc.getMap("paths");
    assertThat(paths.keySet())
        .contains(
            "/api/v1/tenants/{tenant}/traces/{traceId}",
            "/api/v1/tenants/{tenant}/spans",
            "/api/v1/tenants/{tenant}/traces",
            "/api/v1/tenants/{tenant}/logs",
            "/api/v1/tenants/{tenant}/metrics/series",
            "/api/v1/tenants/{tenant}/services",
            "/api/v1/tenants/{tenant}/dependencies",
            "/api/v1/tenants/{tenant}/features",
            "/api/v1/tenants/{tenant}/features/event-pairs",
            "/api/v1/tenants/{tenant}/features/span-events",
            "/api/v1/tenants/{tenant}/features/self-times",
            "/api/v1/tenants/{tenant}/features/edges",
            "/api/v1/tenants/{tenant}/findings",
            "/api/v1/tenants/{tenant}/findings/{id}",
            "/api/v1/tenants/{tenant}/audit",
            "/api/v1/tenants/{tenant}");
    // Span and trace search share their parameters (a bean); each must still document all of them.
    for (String search : List.of("spans", "traces")) {
      assertThat(
              doc.getList(
                  "paths.'/api/v1/tenants/{tenant}/" + search + "'.get.parameters.name",
                  String.class))
          .as(search)
          .contains("tenant")
          .containsAll(Endpoints.SPAN_SEARCH_PARAMETERS);
    }
    List<String> open = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
      if (!path.getKey().startsWith("/api/v1/tenants/")) {
        continue;
      }
      String concrete =
          path.getKey()
              .replace("{tenant}", newTenant())
              .replace("{traceId}", "0".repeat(32))
              .replace("{id}", "0".repeat(32));
      for (String method : path.getValue().keySet()) {
        Map<String, Object> operation = (Map<String, Object>) path.getValue().get(method);
        assertThat(operation).as(method + " " + path.getKey()).containsKey("summary");
        int status =
            RestAssured.given()
                .contentType("application/json")
                .body("{}")
                .request(method.toUpperCase(), concrete)
                .statusCode();
        if (status != 401) {
          open.add(method + " " + path.getKey() + " -> " + status);
        }
      }
    }
    assertThat(open).isEmpty();
  }
}
