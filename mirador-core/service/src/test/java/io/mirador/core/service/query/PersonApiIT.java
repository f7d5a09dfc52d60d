package io.mirador.core.service.query;

import static io.mirador.core.service.ApiTestSupport.newTenant;
import static io.mirador.core.service.ApiTestSupport.viewer;
import static io.mirador.core.service.TestTelemetry.attr;
import static io.mirador.core.service.TestTelemetry.gauge;
import static io.mirador.core.service.TestTelemetry.hex;
import static io.mirador.core.service.TestTelemetry.log;
import static io.mirador.core.service.TestTelemetry.logs;
import static io.mirador.core.service.TestTelemetry.span;
import static io.mirador.core.service.TestTelemetry.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.mirador.core.service.ApiTestSupport;
import io.mirador.store.Retention;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API as a person uses it: counters as rates, histograms as quantiles, the metric list, a type
 * that does not match, steps and severities as people write them, a request rate over the time a
 * service was seen, and who the caller is.
 */
@QuarkusTest
class PersonApiIT extends ApiTestSupport {
  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;

  @Inject TelemetryStore store;

  private static String tenant;
  private static Instant base;

  @BeforeEach
  void seed() {
    if (tenant != null) {
      return;
    }
    tenant = newTenant();
    base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
    long t0 = base.getEpochSecond() * SECOND;
    TenantId id = TenantId.of(tenant);
    // A counter at 2 requests/s, cumulative, exported every minute for 10 minutes; restarted
    // (value back near zero, new start time) at minute 5.
    Sum.Builder counter =
        Sum.newBuilder()
            .setIsMonotonic(true)
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    for (int k = 0; k < 10; k++) {
      boolean restarted = k >= 5;
      long start = restarted ? t0 + 5 * MINUTE - 30 * SECOND : t0 - 30 * SECOND;
      long value = restarted ? 60 + 120L * (k - 5) : 60 + 120L * k;
      counter.addDataPoints(
          NumberDataPoint.newBuilder()
              .setTimeUnixNano(t0 + k * MINUTE)
              .setStartTimeUnixNano(start)
              .setAsInt(value)
              .addAttributes(attr("http.route", "/cart")));
    }
    // A cumulative latency histogram: each minute 10 more requests in (0.1, 0.2] seconds.
    Histogram.Builder latency =
        Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    for (int k = 0; k < 10; k++) {
      latency.addDataPoints(
          HistogramDataPoint.newBuilder()
              .setTimeUnixNano(t0 + k * MINUTE)
              .setStartTimeUnixNano(t0 - 30 * SECOND)
              .setCount(10L * (k + 1))
              .setSum(1.5 * (k + 1))
              .addAllExplicitBounds(List.of(0.1, 0.2, 0.5))
              .addAllBucketCounts(List.of(0L, 10L * (k + 1), 0L, 0L)));
    }
    store.writeMetrics(
        id,
        Retention.DEFAULT,
        List.of(
            ResourceMetrics.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(attr("service.name", "cart"))
                        .addAttributes(attr("service.instance.id", "cart-1")))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("http"))
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("http.server.requests")
                                .setUnit("{request}")
                                .setDescription("requests")
                                .setSum(counter))
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("http.server.request.duration")
                                .setUnit("s")
                                .setHistogram(latency)))
                .build(),
            gauge("checkout", "process.cpu.utilization", t0, 0.25)));
    // Requests of "late" only in the last two minutes of a 30-minute window.
    List<Span> late = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      late.add(
          span(
              hex(16),
              hex(8),
              null,
              "GET /late",
              Span.SpanKind.SPAN_KIND_SERVER,
              t0 + 8 * MINUTE + i * SECOND,
              1_000_000,
              false,
              Map.of()));
    }
    store.writeSpans(id, Retention.DEFAULT, List.of(spans("late", late)));
    store.writeLogs(
        id,
        Retention.DEFAULT,
        List.of(
            logs(
                "cart",
                List.of(
                    log(t0 + SECOND, 9, "info line", null),
                    log(t0 + 2 * SECOND, 13, "warn line", null),
                    log(t0 + 3 * SECOND, 17, "error line", null),
                    log(t0 + 4 * SECOND, 21, "fatal line", null)))));
  }

  private String base() {
    return "/api/v1/tenants/" + tenant;
  }

  private Map<String, String> window() {
    return Map.of("from", base.toString(), "to", base.plus(Duration.ofMinutes(10)).toString());
  }

  private JsonPath get(String path, Map<String, String> query) {
    return as(viewer(tenant))
        .queryParams(window())
        .queryParams(query)
        .get(base() + path)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void countersComeBackAsPerSecondRatesAcrossARestart() {
    JsonPath rate = get("/metrics/series", Map.of("name", "http.server.requests", "step", "60s"));
    assertThat(rate.getString("type")).isEqualTo("sum");
    assertThat(rate.getString("aggregation")).isEqualTo("rate");
    assertThat(rate.getString("unit")).isEqualTo("{request}");
    assertThat(rate.getLong("stepSeconds")).isEqualTo(60);
    assertThat(rate.getString("series[0].service")).isEqualTo("cart");
    List<Float> values = rate.getList("series[0].points.value", Float.class);
    // Minute 0 is the stream's first point (start 30 s before: 60 counted), then 120 a minute;
    // at minute 5 the restarted counter's 60 since its start.
    assertThat(values).hasSize(10);
    assertThat(values.get(0)).isCloseTo(1.0f, within(1e-6f));
    for (int k : new int[] {1, 2, 3, 4, 6, 7, 8, 9}) {
      assertThat(values.get(k)).as("minute %d", k).isCloseTo(2.0f, within(1e-6f));
    }
    assertThat(values.get(5)).isCloseTo(1.0f, within(1e-6f));
    // The same with step=1m, PT1M, and agg=increase.
    for (String step : List.of("1m", "PT1M", "pt1m")) {
      assertThat(
              get("/metrics/series", Map.of("name", "http.server.requests", "step", step))
                  .getList("series[0].points.value", Float.class))
          .as(step)
          .hasSize(10);
    }
    assertThat(
            get(
                    "/metrics/series",
                    Map.of("name", "http.server.requests", "agg", "increase", "step", "5m"))
                .getList("series[0].points.value", Float.class)
                .stream()
                .mapToDouble(Float::doubleValue)
                .sum())
        .as("steps are aligned to multiples of the step since the epoch; the increases add up")
        .isEqualTo(1080.0);
  }

  @Test
  void histogramsComeBackAsQuantilesOfEachStepsObservations() {
    JsonPath p50 =
        get(
            "/metrics/series",
            Map.of("name", "http.server.request.duration", "agg", "p50", "service", "cart"));
    assertThat(p50.getString("type")).isEqualTo("histogram");
    List<Float> values = p50.getList("series[0].points.value", Float.class);
    assertThat(values).hasSize(10).allSatisfy(v -> assertThat(v).isCloseTo(0.15f, within(1e-6f)));
    assertThat(
            get("/metrics/series", Map.of("name", "http.server.request.duration", "agg", "avg"))
                .getList("series[0].points.value", Float.class))
        .allSatisfy(v -> assertThat(v).isCloseTo(0.15f, within(1e-6f)));
    // Default for a histogram: p95.
    assertThat(
            get("/metrics/series", Map.of("name", "http.server.request.duration"))
                .getString("aggregation"))
        .isEqualTo("p95");
    // Another service's filter finds nothing.
    assertThat(
            get(
                    "/metrics/series",
                    Map.of("name", "http.server.request.duration", "service", "checkout"))
                .getList("series"))
        .isEmpty();
  }

  @Test
  void theMetricListNamesTypeUnitAndServices() {
    JsonPath list = get("/metrics", Map.of());
    assertThat(list.getList("metrics.name", String.class))
        .containsExactly(
            "http.server.request.duration", "http.server.requests", "process.cpu.utilization");
    assertThat(list.getString("metrics.find { it.name == 'http.server.requests' }.type"))
        .isEqualTo("sum");
    assertThat(list.getBoolean("metrics.find { it.name == 'http.server.requests' }.monotonic"))
        .isTrue();
    assertThat(list.getString("metrics.find { it.name == 'http.server.requests' }.temporality"))
        .isEqualTo("cumulative");
    assertThat(list.getString("metrics.find { it.name == 'http.server.request.duration' }.unit"))
        .isEqualTo("s");
    assertThat(
            list.getList(
                "metrics.find { it.name == 'process.cpu.utilization' }.services", String.class))
        .containsExactly("checkout");
    assertThat(list.getString("metrics.find { it.name == 'process.cpu.utilization' }.monotonic"))
        .isNull();
    assertThat(get("/metrics", Map.of("service", "checkout")).getList("metrics.name"))
        .containsExactly("process.cpu.utilization");
  }

  @Test
  void aTypeOrAggregationThatDoesNotFitIsAClearProblem() {
    problem(
        Map.of("name", "http.server.request.duration", "type", "gauge"),
        "metric http.server.request.duration is a histogram, not a gauge");
    problem(
        Map.of("name", "process.cpu.utilization", "agg", "rate"),
        "agg rate does not apply to a gauge; agg must be one of avg, min, max, sum, last");
    problem(
        Map.of("name", "http.server.requests", "agg", "p99"),
        "agg p99 does not apply to a monotonic sum; agg must be one of avg, min, max, sum, last,"
            + " rate, increase");
    problem(Map.of("name", "m", "step", "soon"), "step must be a duration such as 60s, 1m");
    problem(Map.of("name", "m", "step", "500ms"), "step must be whole seconds from 1s to 1d");
  }

  @Test
  void severityNamesWorkLikeNumbers() {
    assertThat(get("/logs", Map.of("minSeverity", "ERROR")).getList("items.body"))
        .containsExactlyInAnyOrder("error line", "fatal line");
    assertThat(get("/logs", Map.of("severity", "warn")).getList("items.body"))
        .containsExactlyInAnyOrder("warn line", "error line", "fatal line");
    assertThat(get("/logs", Map.of("minSeverity", "17")).getList("items.body"))
        .containsExactlyInAnyOrder("error line", "fatal line");
    assertThat(get("/logs", Map.of("severity", "fatal")).getList("items.body"))
        .containsExactly("fatal line");
    as(viewer(tenant))
        .queryParam("minSeverity", "loud")
        .get(base() + "/logs")
        .then()
        .statusCode(400)
        .body("detail", containsString("minSeverity must be an OTLP severity number"))
        .body("detail", containsString("error"));
  }

  @Test
  void spanDurationsTakeUnits() {
    assertThat(get("/spans", Map.of("service", "late", "minDuration", "2ms")).getList("items"))
        .isEmpty();
    assertThat(get("/spans", Map.of("service", "late", "minDuration", "0.5ms")).getList("items"))
        .hasSize(100);
    assertThat(get("/traces", Map.of("service", "late", "maxDuration", "500us")).getList("items"))
        .isEmpty();
    as(viewer(tenant))
        .queryParam("minDuration", "fast")
        .get(base() + "/spans")
        .then()
        .statusCode(400)
        .body("detail", containsString("minDuration must be a duration with a unit"));
  }

  @Test
  void theRequestRateCountsOnlyTheTimeAServiceWasSeen() {
    JsonPath services =
        as(viewer(tenant))
            .queryParams(
                Map.of(
                    "from",
                    base.minus(Duration.ofMinutes(20)).toString(),
                    "to",
                    base.plus(Duration.ofMinutes(10)).toString()))
            .get(base() + "/services")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    // 120 requests in minutes 8 and 9 of a 30-minute window: 1 per second, not 120 / 1800.
    assertThat(services.getDouble("services.find { it.service == 'late' }.requestsPerSecond"))
        .isCloseTo(1.0, within(1e-9));
    assertThat(services.getDouble("services.find { it.service == 'late' }.observedSeconds"))
        .isEqualTo(120.0);
  }

  @Test
  void meSaysWhoTheCallerIs() {
    JsonPath viewerMe =
        as(viewer(tenant)).get("/api/v1/me").then().statusCode(200).extract().jsonPath();
    assertThat(viewerMe.getString("subject")).isEqualTo("viewer-" + tenant);
    assertThat(viewerMe.getList("roles")).containsExactly("viewer");
    assertThat(viewerMe.getList("tenants")).containsExactly(tenant);
    JsonPath local = as(localToken()).get("/api/v1/me").then().statusCode(200).extract().jsonPath();
    assertThat(local.getString("subject")).isEqualTo("local-admin");
    assertThat(local.getList("roles")).containsExactly("admin");
    assertThat(local.getList("tenants", String.class)).contains("test-default");
    io.restassured.RestAssured.given().get("/api/v1/me").then().statusCode(401);
  }

  private void problem(Map<String, String> query, String detail) {
    as(viewer(tenant))
        .queryParams(window())
        .queryParams(query)
        .get(base() + "/metrics/series")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("detail", containsString(detail));
  }
}
