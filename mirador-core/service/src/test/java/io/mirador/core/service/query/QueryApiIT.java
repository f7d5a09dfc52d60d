package io.mirador.core.service.query;

import static io.mirador.core.service.ApiTestSupport.newTenant;
import static io.mirador.core.service.ApiTestSupport.viewer;
import static io.mirador.core.service.TestTelemetry.hex;
import static io.mirador.core.service.TestTelemetry.span;
import static io.mirador.core.service.TestTelemetry.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.mirador.core.service.ApiTestSupport;
import io.mirador.store.FindingStore;
import io.mirador.store.Retention;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the read endpoints return, how they page, and the limits they enforce. */
@QuarkusTest
class QueryApiIT extends ApiTestSupport {
  @Inject TelemetryStore store;
  @Inject FindingStore findings;

  private static Seed seed;

  @BeforeEach
  void seed() {
    if (seed == null) {
      seed = Seed.write(store, findings, newTenant());
    }
  }

  private String base() {
    return "/api/v1/tenants/" + seed.tenant();
  }

  @Test
  void traceSpansLogsAndMetricsComeBackAsStored() {
    JsonPath trace =
        as(viewer(seed.tenant()))
            .get(base() + "/traces/" + seed.traceId())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(trace.getList("spans.serviceName", String.class))
        .containsExactlyInAnyOrder(seed.frontend(), seed.frontend(), seed.backend());

    JsonPath errors =
        as(viewer(seed.tenant()))
            .queryParams(Map.of("from", seed.from(), "to", seed.to(), "status", "Error"))
            .get(base() + "/spans")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(errors.getList("items.name", String.class)).containsExactly("handle");

    // Trace search: the seed's trace has the failing span; the trace id is shared with other
    // tenants on purpose, and the summary counts this tenant's three spans only.
    JsonPath failedTraces =
        as(viewer(seed.tenant()))
            .queryParams(Map.of("from", seed.from(), "to", seed.to(), "status", "Error"))
            .get(base() + "/traces")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(failedTraces.getList("items.traceId", String.class)).containsExactly(seed.traceId());
    assertThat(failedTraces.getInt("items[0].spanCount")).isEqualTo(3);
    assertThat(failedTraces.getInt("items[0].errorSpanCount")).isEqualTo(1);
    assertThat(failedTraces.getString("items[0].rootServiceName")).isEqualTo(seed.frontend());
    assertThat(failedTraces.getList("items[0].services", String.class))
        .containsExactly(seed.backend(), seed.frontend());

    JsonPath byAttribute =
        as(viewer(seed.tenant()))
            .queryParams(
                Map.of(
                    "from",
                    seed.from(),
                    "to",
                    seed.to(),
                    "attr",
                    "user.secret=" + seed.secretAttribute()))
            .get(base() + "/spans")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(byAttribute.getList("items.name", String.class)).containsExactly("GET /");

    JsonPath logs =
        as(viewer(seed.tenant()))
            .queryParams(
                Map.of(
                    "from",
                    seed.from(),
                    "to",
                    seed.to(),
                    "minSeverity",
                    "17",
                    "contains",
                    "FAILED"))
            .get(base() + "/logs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(logs.getList("items.body", String.class))
        .containsExactly(seed.secretBody() + " failed");

    JsonPath series =
        as(viewer(seed.tenant()))
            .queryParams(
                Map.of(
                    "from",
                    seed.from(),
                    "to",
                    seed.to(),
                    "name",
                    "process.cpu.utilization",
                    "type",
                    "gauge",
                    "step",
                    "PT5M"))
            .get(base() + "/metrics/series")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(series.getDouble("series[0].points[0].value")).isEqualTo(0.5);
  }

  @Test
  void servicesGraphAndFeaturesDescribeTheCalls() {
    Map<String, String> window = Map.of("from", seed.from(), "to", seed.to());
    JsonPath services =
        as(viewer(seed.tenant()))
            .queryParams(window)
            .get(base() + "/services")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(services.getList("services.service", String.class))
        .containsExactly(seed.backend(), seed.frontend());
    assertThat(
            services.getDouble(
                "services.find { it.service == '" + seed.backend() + "' }.errorRate"))
        .isEqualTo(1.0);
    assertThat(
            services.getLong("services.find { it.service == '" + seed.backend() + "' }.errorLogs"))
        .isEqualTo(1);
    assertThat(
            services.getDouble(
                "services.find { it.service == '" + seed.frontend() + "' }.latencyP50Nanos"))
        .isEqualTo(5_000_000.0);

    JsonPath graph =
        as(viewer(seed.tenant()))
            .queryParams(window)
            .get(base() + "/dependencies")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(graph.getString("edges[0].caller")).isEqualTo(seed.frontend());
    assertThat(graph.getString("edges[0].callee")).isEqualTo(seed.backend());
    assertThat(graph.getLong("edges[0].calls")).isEqualTo(1);
    assertThat(graph.getLong("edges[0].errors")).isEqualTo(1);

    JsonPath features =
        as(rca(seed.tenant()))
            .queryParams(window)
            .get(base() + "/features")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(features.getList("services.service", String.class))
        .contains(seed.backend(), seed.frontend());
    assertThat(
            features.getLong("services.find { it.service == '" + seed.backend() + "' }.requests"))
        .isEqualTo(1);
    assertThat(
            features.getDouble(
                "services.find { it.service == '"
                    + seed.backend()
                    + "' }.gauges['process.cpu.utilization']"))
        .isEqualTo(0.5);
    assertThat(features.getList("edges")).hasSize(1);

    JsonPath pairs =
        as(rca(seed.tenant()))
            .queryParams(window)
            .get(base() + "/features/event-pairs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String backend = "pairs.find { it.service == '" + seed.backend() + "' }";
    assertThat(pairs.getString(backend + ".source")).startsWith("start ");
    assertThat(pairs.getString(backend + ".target")).startsWith("end ");
    assertThat(pairs.getLong(backend + ".count")).isEqualTo(1);

    JsonPath spanEvents =
        as(rca(seed.tenant()))
            .queryParams(window)
            .get(base() + "/features/span-events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String call =
        "events.find { it.service == '" + seed.frontend() + "' && it.operation == 'call backend' }";
    assertThat(spanEvents.getString(call + ".event"))
        .isEqualTo("call " + seed.backend() + " handle");
    assertThat(spanEvents.getLong(call + ".spans")).isEqualTo(1);

    JsonPath self =
        as(rca(seed.tenant()))
            .queryParams(window)
            .get(base() + "/features/self-times")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(self.getList("selfTimes.service", String.class)).contains(seed.backend());
    // the backend's own span and the frontend's call to it, whose self time is charged to the
    // callee it waited for
    assertThat(self.getLong("selfTimes.find { it.service == '" + seed.backend() + "' }.spans"))
        .isEqualTo(2);
    // A starved caller keeps its call's gap: the backend is left with its own span.
    JsonPath kept =
        as(rca(seed.tenant()))
            .queryParams(window)
            .queryParam("gapsToCaller", seed.frontend())
            .get(base() + "/features/self-times")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(kept.getLong("selfTimes.find { it.service == '" + seed.backend() + "' }.spans"))
        .isEqualTo(1);
    // The frontend's 3 ms call to the backend's 2 ms span: 1 ms on the wire.
    JsonPath edges =
        as(rca(seed.tenant()))
            .queryParams(window)
            .get(base() + "/features/edges")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(edges.getList("edges.caller", String.class)).containsExactly(seed.frontend());
    assertThat(edges.getString("edges[0].callee")).isEqualTo(seed.backend());
    assertThat(edges.getLong("edges[0].calls")).isEqualTo(1);
    assertThat(edges.getLong("edges[0].repeats")).isZero();
    assertThat(edges.getDouble("edges[0].gapP50Nanos")).isEqualTo(1_000_000.0);
    assertThat(edges.getDouble("edges[0].serverP50Nanos")).isEqualTo(2_000_000.0);
    assertThat(edges.getString("edges[0].slowestTraceId")).isEqualTo(Seed.SHARED_TRACE_ID);
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i <= io.mirador.store.TelemetryStore.MAX_GAPS_TO_CALLER; i++) {
      tooMany.add("s" + i);
    }
    as(rca(seed.tenant()))
        .queryParams(window)
        .queryParam("gapsToCaller", tooMany)
        .get(base() + "/features/self-times")
        .then()
        .statusCode(400)
        .body("detail", org.hamcrest.Matchers.containsString("gapsToCaller"));
  }

  @Test
  void spanSearchPagesWithoutGapsOrRepeats() {
    String tenant = newTenant();
    long t0 =
        Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(20)).getEpochSecond()
            * 1_000_000_000L;
    List<Span> written = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      written.add(
          span(
              hex(16),
              hex(8),
              null,
              "op" + i,
              Span.SpanKind.SPAN_KIND_SERVER,
              t0 + (i / 3) * 1000L,
              1000,
              false,
              Map.of()));
    }
    store.writeSpans(TenantId.of(tenant), Retention.DEFAULT, List.of(spans("paged", written)));
    String from = Instant.now().minus(Duration.ofHours(1)).toString();
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      var request = as(viewer(tenant)).queryParam("from", from).queryParam("limit", 10);
      if (cursor != null) {
        request = request.queryParam("cursor", cursor);
      }
      JsonPath page =
          request
              .get("/api/v1/tenants/" + tenant + "/spans")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      List<String> names = page.getList("items.name", String.class);
      assertThat(names.size()).isLessThanOrEqualTo(10);
      seen.addAll(page.getList("items.spanId", String.class));
      cursor = page.getString("nextCursor");
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(25);
    assertThat(new HashSet<>(seen)).hasSize(25);
  }

  @Test
  void limitsAndWindowsAreEnforcedWithClearProblems() {
    String token = viewer(seed.tenant());
    problem(token, "/spans", Map.of("limit", "0"), "limit must be a whole number from 1 to 1000");
    problem(token, "/traces", Map.of("limit", "101"), "limit must be a whole number from 1 to 100");
    problem(token, "/traces", Map.of("cursor", "bm90IGEgY3Vyc29y"), "invalid cursor");
    problem(
        token, "/spans", Map.of("limit", "1001"), "limit must be a whole number from 1 to 1000");
    problem(token, "/logs", Map.of("limit", "ten"), "limit must be a whole number from 1 to 1000");
    problem(
        token,
        "/spans",
        Map.of("from", "2020-01-01T00:00:00Z", "to", "2020-01-09T00:00:00Z"),
        "at most 7 days");
    problem(
        token,
        "/features",
        Map.of("from", "2020-01-01T00:00:00Z", "to", "2020-01-03T00:00:00Z"),
        "at most 1 days");
    problem(token, "/services", Map.of("from", "yesterday"), "from must be an ISO-8601 instant");
    problem(
        token,
        "/spans",
        Map.of("from", "2020-01-02T00:00:00Z", "to", "2020-01-01T00:00:00Z"),
        "from must be before to");
    problem(token, "/spans", Map.of("cursor", "bm90IGEgY3Vyc29y"), "invalid cursor");
    problem(token, "/spans", Map.of("status", "Broken"), "statusCode must be Unset, Ok or Error");
    problem(token, "/logs", Map.of("traceId", "XYZ"), "trace id must be 32 lower-case hex digits");
    problem(token, "/metrics/series", Map.of(), "name is required");
    problem(token, "/metrics/series", Map.of("name", "m", "step", "PT0.5S"), "step must be");
    problem(
        token,
        "/metrics/series",
        Map.of(
            "name",
            "m",
            "from",
            "2020-01-01T00:00:00Z",
            "to",
            "2020-01-20T00:00:00Z",
            "step",
            "PT1S"),
        "steps");
    problem(token, "/metrics/series", Map.of("name", "m", "type", "cheese"), "type must be one of");
    as(token)
        .get(base() + "/traces/" + hex(16))
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    as(token)
        .get(base() + "/no-such-endpoint")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  private void problem(String token, String path, Map<String, String> query, String detail) {
    as(token)
        .queryParams(query)
        .get(base() + path)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("title", equalTo("Bad request"))
        .body("detail", containsString(detail));
  }
}
