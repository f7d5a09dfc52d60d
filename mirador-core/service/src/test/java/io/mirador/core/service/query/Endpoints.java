package io.mirador.core.service.query;

import static io.mirador.core.service.ApiTestSupport.as;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** Every tenant-scoped endpoint of the query API, callable against a seeded tenant. */
record Endpoints(String name, String method, String path, Map<String, String> query, String body) {

  static final String FINDING_BODY =
      """
      {"symptom": {"service": "frontend", "metric": "latencyP99",
                   "from": "2026-01-01T00:00:00Z", "to": "2026-01-01T00:05:00Z"},
       "causes": [{"service": "backend", "score": 2.5, "confidence": 0.8}],
       "evidence": {"metrics": [{"metric": "errorRate", "baseline": 0.01, "observed": 0.4}]}}
      """;

  /** The query parameters of span and trace search (one bean, {@code SpanSearchParams}). */
  static final List<String> SPAN_SEARCH_PARAMETERS =
      List.of(
          "from",
          "to",
          "service",
          "operation",
          "status",
          "minDurationNanos",
          "maxDurationNanos",
          "minDuration",
          "maxDuration",
          "attr",
          "limit",
          "cursor");

  /** Every endpoint, with parameters that find the seed's data. */
  static List<Endpoints> all(Seed seed) {
    Map<String, String> window = Map.of("from", seed.from(), "to", seed.to());
    return List.of(
        get("trace", "/traces/" + seed.traceId(), Map.of()),
        get("spans", "/spans", window),
        get("trace search", "/traces", window),
        get("logs", "/logs", window),
        get(
            "metric series",
            "/metrics/series",
            Map.of("from", seed.from(), "to", seed.to(), "name", "process.cpu.utilization")),
        get("metric list", "/metrics", window),
        get("services", "/services", window),
        get("dependencies", "/dependencies", window),
        get("features", "/features", window),
        get("operation features", "/features/operations", window),
        get("log patterns", "/features/log-patterns", window),
        get("event pairs", "/features/event-pairs", window),
        get("span events", "/features/span-events", window),
        get("self times", "/features/self-times", window),
        get("edge latencies", "/features/edges", window),
        get("findings list", "/findings", Map.of()),
        get("finding", "/findings/" + seed.findingId(), Map.of()),
        new Endpoints("finding create", "POST", "/findings", Map.of(), FINDING_BODY),
        new Endpoints(
            "finding update", "PUT", "/findings/" + seed.findingId(), Map.of(), FINDING_BODY),
        get("audit", "/audit", Map.of()),
        new Endpoints("erase", "DELETE", "", Map.of("confirm", seed.tenant()), null));
  }

  private static Endpoints get(String name, String path, Map<String, String> query) {
    return new Endpoints(name, "GET", path, query, null);
  }

  Response call(String token, String tenant) {
    RequestSpecification request = as(token).queryParams(query);
    if (body != null) {
      request = request.contentType(ContentType.JSON).body(body);
    }
    return request.request(method, "/api/v1/tenants/" + tenant + path);
  }

  @Override
  public String toString() {
    return name;
  }
}
