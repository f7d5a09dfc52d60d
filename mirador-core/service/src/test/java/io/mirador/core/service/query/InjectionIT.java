package io.mirador.core.service.query;

import static io.mirador.core.service.ApiTestSupport.admin;
import static io.mirador.core.service.ApiTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.core.service.ApiTestSupport;
import io.mirador.store.FindingStore;
import io.mirador.store.TelemetryStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile values in every query parameter and path segment of every read endpoint: the answer is a
 * 400 problem or an ordinary (possibly empty) result of the caller's own tenant, never a 500 and
 * never another tenant's data.
 */
@QuarkusTest
class InjectionIT extends ApiTestSupport {
  static final List<String> HOSTILE =
      List.of(
          "' OR 1=1 --",
          "x') UNION ALL SELECT * FROM system.users --",
          "\\' ; DROP TABLE mirador.otel_traces; --",
          "{tenant:String}",
          "1; SELECT 1",
          "\u0000\t\n\r\\N",
          "../../../../etc/passwd",
          "${jndi:ldap://x}",
          "%27%20OR%201%3D1",
          "😀\uD800",
          "-1",
          "99999999999999999999999",
          "NaN",
          "a".repeat(5000));

  @Inject TelemetryStore store;
  @Inject FindingStore findings;

  private static Seed own;
  private static Seed other;

  @BeforeEach
  void seed() {
    if (own == null) {
      own = Seed.write(store, findings, newTenant());
      other = Seed.write(store, findings, newTenant());
    }
  }

  private static final Map<String, List<String>> PARAMETERS =
      Map.ofEntries(
          Map.entry("/spans", Endpoints.SPAN_SEARCH_PARAMETERS),
          Map.entry("/traces", Endpoints.SPAN_SEARCH_PARAMETERS),
          Map.entry(
              "/logs",
              List.of(
                  "from",
                  "to",
                  "service",
                  "minSeverity",
                  "severity",
                  "contains",
                  "traceId",
                  "limit",
                  "cursor")),
          Map.entry(
              "/metrics/series",
              List.of(
                  "name", "type", "from", "to", "service", "step", "agg", "aggregation", "attr")),
          Map.entry("/metrics", List.of("from", "to", "service")),
          Map.entry("/services", List.of("from", "to")),
          Map.entry("/dependencies", List.of("from", "to")),
          Map.entry("/features", List.of("from", "to", "gauge")),
          Map.entry("/features/span-events", List.of("from", "to")),
          Map.entry("/features/self-times", List.of("from", "to", "gapsToCaller")),
          Map.entry("/features/edges", List.of("from", "to")),
          Map.entry("/findings", List.of("from", "to", "status", "limit", "cursor")),
          Map.entry("/audit", List.of("from", "to", "actor", "action", "limit", "cursor")));

  @Test
  void hostileQueryParametersAreHarmless() {
    String token = admin(own.tenant());
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, List<String>> endpoint : PARAMETERS.entrySet()) {
      for (String parameter : endpoint.getValue()) {
        for (String value : HOSTILE) {
          Map<String, String> query = new HashMap<>();
          query.put("from", own.from());
          query.put("to", own.to());
          if (endpoint.getKey().equals("/metrics/series")) {
            query.put("name", "process.cpu.utilization");
          }
          query.put(parameter, parameter.equals("attr") ? "service.name=" + value : value);
          Response response =
              as(token)
                  .urlEncodingEnabled(true)
                  .queryParams(query)
                  .get("/api/v1/tenants/" + own.tenant() + endpoint.getKey());
          check(endpoint.getKey() + "?" + parameter, response, failures);
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void hostilePathSegmentsAreHarmless() {
    String token = admin(own.tenant());
    List<String> failures = new ArrayList<>();
    for (String value : HOSTILE) {
      String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
      for (String path : List.of("/traces/", "/findings/")) {
        Response response =
            as(token)
                .urlEncodingEnabled(false)
                .get("/api/v1/tenants/" + own.tenant() + path + encoded);
        check(path, response, failures);
      }
      Response tenant =
          as(token).urlEncodingEnabled(false).get("/api/v1/tenants/" + encoded + "/spans");
      if (!List.of(400, 403, 404, 414).contains(tenant.statusCode())) {
        failures.add("tenant path: " + tenant.statusCode());
      }
    }
    assertThat(failures).isEmpty();
  }

  private static void check(String where, Response response, List<String> failures) {
    int status = response.statusCode();
    String body = response.asString();
    if (status >= 500) {
      failures.add(where + ": " + status + " " + body);
    } else if (status != 200 && status != 400 && status != 404 && status != 414 && status != 431) {
      failures.add(where + ": unexpected " + status);
    } else if ((status == 400 || status == 404)
        && !response.contentType().startsWith("application/problem+json")
        && !body.isEmpty()) {
      failures.add(where + ": " + status + " without problem+json");
    }
    if (body.contains(other.marker())) {
      failures.add(where + ": another tenant's data in the answer");
    }
  }
}
