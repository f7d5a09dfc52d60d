package io.mirador.core.service.query;

import static io.mirador.core.service.ApiTestSupport.admin;
import static io.mirador.core.service.ApiTestSupport.viewer;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mirador.core.ingest.ApiKeys;
import io.mirador.core.ingest.IngestPipeline;
import io.mirador.core.ingest.IngestResult;
import io.mirador.core.ingest.OtlpRequest;
import io.mirador.core.service.ApiTestSupport;
import io.mirador.store.Retention;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The auditor's proof on the real embedded store: batches go through the core's ingest pipeline
 * (the code the OTLP receivers call once the API key is checked: the core's redaction, validation,
 * store writer), so the redaction counts of every accepted batch are stored and reported for their
 * tenant only; the same telemetry written to the store directly, unredacted (tenant {@code raw}),
 * is what the scan must find, in every location, without ever echoing it; and the redacted copy
 * (tenant {@code a}) scans clean.
 */
@QuarkusTest
class PrivacyIT extends ApiTestSupport {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Where each planted e-mail goes: signal, location, attribute key (null for text fields). */
  private static final List<String[]> PLACES =
      List.of(
          new String[] {"traces", "resource_attribute", "owner", "p-res-trace"},
          new String[] {"traces", "span_name", null, "p-span-name"},
          new String[] {"traces", "span_attribute", "note", "p-span-attr"},
          new String[] {"traces", "span_event", null, "p-event-name"},
          new String[] {"traces", "span_event", "memo", "p-event-attr"},
          new String[] {"traces", "span_link", "remark", "p-link-attr"},
          new String[] {"traces", "span_status", null, "p-status"},
          new String[] {"logs", "resource_attribute", "owner", "p-res-log"},
          new String[] {"logs", "scope_attribute", "maintainer", "p-scope-log"},
          new String[] {"logs", "log_body", null, "p-body"},
          new String[] {"logs", "log_attribute", "note", "p-log-attr"},
          new String[] {"metrics", "resource_attribute", "owner", "p-res-metric"},
          new String[] {"metrics", "scope_attribute", "maintainer", "p-scope-metric"},
          new String[] {"metrics", "metric_attribute", "note", "p-point-attr"},
          new String[] {"metrics", "exemplar_attribute", "memo", "p-exemplar"});

  private static String a;
  private static String b;
  private static String raw;
  private static String traceIdA;
  private static String traceIdRaw;

  @Inject IngestPipeline pipeline;
  @Inject TelemetryStore store;

  private static String mail(String local) {
    return local + "@example.com";
  }

  /** Once per run, when the application is up. */
  @BeforeEach
  void ingestOnce() {
    if (traceIdRaw != null) {
      return;
    }
    a = newTenant();
    b = newTenant();
    raw = newTenant();
    traceIdA = ingest(a);
    traceIdRaw = writeUnredacted(raw);
  }

  /** The planted traces, logs and metrics through the ingest pipeline; returns the trace id. */
  private String ingest(String tenant) {
    byte[] traceId = random(16);
    ApiKeys.Match caller = new ApiKeys.Match(TenantId.of(tenant), "privacy-it");
    for (OtlpRequest request :
        List.<OtlpRequest>of(
            new OtlpRequest.Traces(traces(traceId)),
            new OtlpRequest.Logs(logs()),
            new OtlpRequest.Metrics(metrics()))) {
      assertThat(pipeline.export("otlp_http", caller, request, 1024))
          .isInstanceOf(IngestResult.Stored.class);
    }
    return HexFormat.of().formatHex(traceId);
  }

  /** The same telemetry straight into the store, as if redaction had been switched off. */
  private String writeUnredacted(String tenant) {
    byte[] traceId = random(16);
    TenantId id = TenantId.of(tenant);
    store.writeSpans(id, Retention.DEFAULT, traces(traceId).getResourceSpansList());
    store.writeLogs(id, Retention.DEFAULT, logs().getResourceLogsList());
    store.writeMetrics(id, Retention.DEFAULT, metrics().getResourceMetricsList());
    return HexFormat.of().formatHex(traceId);
  }

  @Test
  void countsOfAcceptedBatchesAreReportedForTheirTenantOnly() {
    String reportBody = redactions(admin(a), a, Map.of()).statusCode(200).extract().asString();
    example("redactions-a.json", reportBody);
    JsonPath report = JsonPath.from(reportBody);
    assertThat(report.getString("tenant")).isEqualTo(a);
    List<Map<String, Object>> rows = report.getList("redactions");
    for (String[] place : PLACES) {
      assertThat(rows)
          .as("%s %s", place[0], place[1])
          .anySatisfy(
              row -> {
                assertThat(row)
                    .containsEntry("detector", "email")
                    .containsEntry("action", "hash")
                    .containsEntry("signal", place[0])
                    .containsEntry("location", place[1])
                    .doesNotContainKey("bucketStart");
                assertThat(((Number) row.get("count")).longValue()).isPositive();
              });
    }
    // span_event holds two findings (event name and attribute)
    assertThat(count(rows, "email", "hash", "traces", "span_event")).isEqualTo(2);
    assertThat(count(rows, "email", "hash", "traces", "span_name")).isEqualTo(1);
    assertThat(report.getLong("total"))
        .isEqualTo(rows.stream().mapToLong(r -> ((Number) r.get("count")).longValue()).sum())
        .isGreaterThanOrEqualTo(PLACES.size());
    assertThat(rows).isSortedAccordingTo((x, y) -> Long.compare(n(y), n(x)));

    // written around the pipeline: nothing was redacted, nothing counted
    JsonPath none = redactions(admin(raw), raw, Map.of()).statusCode(200).extract().jsonPath();
    assertThat(none.getLong("total")).isZero();

    // tenant b sent nothing: its report is empty, and it never sees a's rows
    JsonPath empty = redactions(admin(b), b, Map.of()).statusCode(200).extract().jsonPath();
    assertThat(empty.getLong("total")).isZero();
    assertThat(empty.getList("redactions")).isEmpty();
    redactions(admin(b), a, Map.of()).statusCode(403);
    redactions(viewer(a), a, Map.of()).statusCode(403);
    // the local admin token is a global admin
    redactions(localToken(), a, Map.of()).statusCode(200);
  }

  @Test
  void stepBucketsTheCountsByMinuteOfStorage() {
    Instant now = Instant.now();
    JsonPath stepped =
        redactions(
                admin(a),
                a,
                Map.of(
                    "step", "PT1M",
                    "from", now.minus(1, ChronoUnit.HOURS).toString(),
                    "to", now.plus(1, ChronoUnit.MINUTES).toString()))
            .statusCode(200)
            .extract()
            .jsonPath();
    List<Map<String, Object>> rows = stepped.getList("redactions");
    assertThat(rows).isNotEmpty();
    for (Map<String, Object> row : rows) {
      Instant bucket = Instant.parse((String) row.get("bucketStart"));
      assertThat(bucket.getEpochSecond() % 60).isZero();
      assertThat(bucket).isBetween(now.minus(30, ChronoUnit.MINUTES), now);
    }
    // a range that ends before the batches were stored holds none of them
    JsonPath before =
        redactions(
                admin(a),
                a,
                Map.of(
                    "from", now.minus(3, ChronoUnit.HOURS).toString(),
                    "to", now.minus(2, ChronoUnit.HOURS).toString()))
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(before.getLong("total")).isZero();
  }

  @Test
  void badParametersAreProblemsThatNameTheParameter() {
    assertThat(problem(redactions(admin(a), a, Map.of("from", "yesterday")))).contains("from");
    assertThat(problem(redactions(admin(a), a, Map.of("to", "2026-13-45T00:00:00Z"))))
        .contains("to");
    assertThat(problem(redactions(admin(a), a, Map.of("step", "30s")))).contains("step");
    assertThat(problem(redactions(admin(a), a, Map.of("step", "fortnightly")))).contains("step");
    assertThat(
            problem(
                redactions(
                    admin(a),
                    a,
                    Map.of(
                        "step", "1m",
                        "from", "2026-01-01T00:00:00Z",
                        "to", "2026-12-01T00:00:00Z"))))
        .contains("step");
    assertThat(
            problem(
                redactions(
                    admin(a),
                    a,
                    Map.of("from", "2025-01-01T00:00:00Z", "to", "2026-12-01T00:00:00Z"))))
        .contains("400 days");
    assertThat(problem(scan(admin(raw), raw, Map.of("limit", "0")))).contains("limit");
    assertThat(problem(scan(admin(raw), raw, Map.of("limit", "many")))).contains("limit");
    assertThat(
            problem(
                scan(
                    admin(raw),
                    raw,
                    Map.of("from", "2026-12-01T00:00:00Z", "to", "2026-11-01T00:00:00Z"))))
        .contains("from");
  }

  @Test
  void theScanFindsAValuePlantedInEveryLocationAndNeverEchoesIt() {
    var response = scan(admin(raw), raw, Map.of()).statusCode(200).extract();
    String body = response.asString();
    example("scan-raw.json", body);
    JsonPath result = response.jsonPath();
    assertThat(result.getBoolean("clean")).isFalse();
    assertThat(result.getBoolean("truncated")).isFalse();
    assertThat(result.getLong("scanned.spans")).isEqualTo(1);
    assertThat(result.getLong("scanned.logs")).isEqualTo(1);
    assertThat(result.getLong("scanned.dataPoints")).isEqualTo(1);
    assertThat(result.getLong("scanned.values")).isGreaterThanOrEqualTo(PLACES.size());
    List<Map<String, Object>> matches = result.getList("matches");
    for (String[] place : PLACES) {
      assertThat(matches)
          .as("%s %s %s", place[0], place[1], place[2])
          .anySatisfy(
              m -> {
                assertThat(m)
                    .containsEntry("detector", "email")
                    .containsEntry("signal", place[0])
                    .containsEntry("location", place[1])
                    .containsEntry("key", place[2]);
                assertThat(((Number) m.get("count")).longValue()).isPositive();
                List<Map<String, Object>> examples = castList(m.get("examples"));
                assertThat(examples).isNotEmpty().hasSizeLessThanOrEqualTo(5);
                if (place[0].equals("traces")) {
                  assertThat(examples.get(0)).containsEntry("traceId", traceIdRaw);
                  assertThat(examples.get(0)).containsKey("spanId");
                } else {
                  assertThat(examples.get(0)).containsKey("timestamp");
                }
              });
    }
    // where, never what
    assertThat(body).doesNotContain("example.com");
    for (String[] place : PLACES) {
      assertThat(body).doesNotContain(place[3]);
    }
  }

  @Test
  void theScanStopsAtItsLimit() {
    JsonPath result =
        scan(admin(raw), raw, Map.of("limit", "3")).statusCode(200).extract().jsonPath();
    assertThat(result.getBoolean("truncated")).isTrue();
    assertThat(result.getLong("scanned.values")).isEqualTo(3);
  }

  @Test
  void theScanIsCleanOnTheSameTelemetryRedacted() {
    String body = scan(admin(a), a, Map.of()).statusCode(200).extract().asString();
    example("scan-a.json", body);
    JsonPath result = JsonPath.from(body);
    assertThat(result.getList("matches")).isEmpty();
    assertThat(result.getBoolean("clean")).isTrue();
    assertThat(result.getLong("scanned.spans")).isEqualTo(1);
    assertThat(result.getLong("scanned.values")).isGreaterThanOrEqualTo(PLACES.size());
    assertThat(traceIdA).isNotEqualTo(traceIdRaw);
  }

  @Test
  void onlyTheTenantsAdminsMayScanAndScansAreAudited() {
    scan(viewer(raw), raw, Map.of()).statusCode(403);
    scan(admin(a), raw, Map.of()).statusCode(403);
    scan(admin(b), b, Map.of()).statusCode(200);
    JsonPath audit =
        as(admin(b))
            .queryParam("action", "privacy.scan")
            .get("/api/v1/tenants/" + b + "/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(audit.getList("items")).isNotEmpty();
    assertThat(audit.getString("items[0].outcome")).isEqualTo("ok");
  }

  // ---------------------------------------------------------------------------------------------

  private static io.restassured.response.ValidatableResponse redactions(
      String token, String tenant, Map<String, String> params) {
    return as(token)
        .queryParams(params)
        .get("/api/v1/tenants/" + tenant + "/privacy/redactions")
        .then();
  }

  private static io.restassured.response.ValidatableResponse scan(
      String token, String tenant, Map<String, String> params) {
    return as(token).queryParams(params).post("/api/v1/tenants/" + tenant + "/privacy/scan").then();
  }

  /** Keeps an answer under target/ as an example for the documentation (it holds no values). */
  private static void example(String name, String json) {
    try {
      java.nio.file.Path dir = java.nio.file.Path.of("target/privacy-examples");
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.writeString(dir.resolve(name), json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String problem(io.restassured.response.ValidatableResponse response) {
    return response
        .statusCode(400)
        .contentType("application/problem+json")
        .extract()
        .jsonPath()
        .getString("detail");
  }

  private static long count(
      List<Map<String, Object>> rows, String detector, String action, String signal, String loc) {
    return rows.stream()
        .filter(
            r ->
                detector.equals(r.get("detector"))
                    && action.equals(r.get("action"))
                    && signal.equals(r.get("signal"))
                    && loc.equals(r.get("location")))
        .mapToLong(PrivacyIT::n)
        .sum();
  }

  private static long n(Map<String, Object> row) {
    return ((Number) row.get("count")).longValue();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> castList(Object o) {
    return (List<Map<String, Object>>) o;
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    b[0] |= 1; // never all zero
    return b;
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static Resource resource(String planted) {
    return Resource.newBuilder()
        .addAttributes(kv("service.name", "privacy-svc"))
        .addAttributes(kv("owner", "mail " + mail(planted)))
        .build();
  }

  private static long nowNanos() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  private static ExportTraceServiceRequest traces(byte[] traceId) {
    long now = nowNanos();
    Span span =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(traceId))
            .setSpanId(ByteString.copyFrom(random(8)))
            .setName("GET /users/" + mail("p-span-name"))
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(now)
            .setEndTimeUnixNano(now + 1_000_000)
            .addAttributes(kv("note", "for " + mail("p-span-attr")))
            .addEvents(
                Span.Event.newBuilder()
                    .setTimeUnixNano(now)
                    .setName("sent to " + mail("p-event-name"))
                    .addAttributes(kv("memo", mail("p-event-attr"))))
            .addLinks(
                Span.Link.newBuilder()
                    .setTraceId(ByteString.copyFrom(random(16)))
                    .setSpanId(ByteString.copyFrom(random(8)))
                    .addAttributes(kv("remark", mail("p-link-attr"))))
            .setStatus(
                Status.newBuilder()
                    .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                    .setMessage("no user " + mail("p-status")))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(resource("p-res-trace"))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("privacy-it"))
                        .addSpans(span)))
        .build();
  }

  private static ExportLogsServiceRequest logs() {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(resource("p-res-log"))
                .addScopeLogs(
                    ScopeLogs.newBuilder()
                        .setScope(
                            InstrumentationScope.newBuilder()
                                .setName("privacy-it")
                                .addAttributes(kv("maintainer", mail("p-scope-log"))))
                        .addLogRecords(
                            LogRecord.newBuilder()
                                .setTimeUnixNano(nowNanos())
                                .setSeverityNumber(
                                    io.opentelemetry.proto.logs.v1.SeverityNumber
                                        .SEVERITY_NUMBER_INFO)
                                .setBody(
                                    AnyValue.newBuilder()
                                        .setStringValue("login by " + mail("p-body")))
                                .addAttributes(kv("note", mail("p-log-attr"))))))
        .build();
  }

  private static ExportMetricsServiceRequest metrics() {
    long now = nowNanos();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource("p-res-metric"))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .setScope(
                            InstrumentationScope.newBuilder()
                                .setName("privacy-it")
                                .addAttributes(kv("maintainer", mail("p-scope-metric"))))
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("logins")
                                .setGauge(
                                    Gauge.newBuilder()
                                        .addDataPoints(
                                            NumberDataPoint.newBuilder()
                                                .setTimeUnixNano(now)
                                                .setAsInt(3)
                                                .addAttributes(kv("note", mail("p-point-attr")))
                                                .addExemplars(
                                                    Exemplar.newBuilder()
                                                        .setTimeUnixNano(now)
                                                        .setAsInt(1)
                                                        .addFilteredAttributes(
                                                            kv("memo", mail("p-exemplar")))))))))
        .build();
  }
}
