package io.mirador.core.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.core.service.ApiTestSupport;
import io.mirador.store.LogQuery;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The plain OTLP receivers with real OpenTelemetry SDK exporters (HTTP and gRPC) and hand-made
 * requests for the error cases, into the real embedded store.
 */
@QuarkusTest
@QuarkusTestResource(IngestTestResource.class)
class OtlpReceiversTest extends ApiTestSupport {
  @Inject TelemetryStore store;
  @Inject OtlpHttpGate gate;

  private static RequestSpecification otlp(String tenant) {
    return RestAssured.given()
        .header("X-Mirador-Api-Key", IngestTestResource.apiKey(tenant))
        .contentType("application/x-protobuf");
  }

  private static String export(SpanExporter exporter) {
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault().toBuilder().put("service.name", "sdk-service").build())
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    Tracer tracer = provider.get("ingest-test");
    Span span = tracer.spanBuilder("GET /sdk").startSpan();
    span.setAttribute("http.route", "/sdk");
    span.end();
    CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
    assertThat(flushed.isSuccess()).as("exporter reported success").isTrue();
    provider.shutdown().join(10, TimeUnit.SECONDS);
    return span.getSpanContext().getTraceId();
  }

  @Test
  void theOtelSdkHttpExporterWritesThroughTheHttpReceiver() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    String traceId =
        export(
            OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + port + "/v1/traces")
                .addHeader("X-Mirador-Api-Key", IngestTestResource.apiKey("ingest-a"))
                .setCompression("gzip")
                .build());
    assertThat(store.trace(TenantId.of("ingest-a"), traceId)).hasSize(1);
  }

  @Test
  void theOtelSdkGrpcExporterWritesThroughTheGrpcReceiver() {
    int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    String traceId =
        export(
            OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + port)
                .addHeader("x-mirador-api-key", IngestTestResource.apiKey("ingest-b"))
                .build());
    assertThat(store.trace(TenantId.of("ingest-b"), traceId)).hasSize(1);
  }

  @Test
  void anApiKeyOfTenantACannotWriteTenantB() {
    String traceId = OtlpData.traceId();
    byte[] body = OtlpData.trace(traceId, "svc", 1).toByteArray();
    otlp("ingest-a")
        .header("X-Mirador-Tenant", "ingest-b")
        .body(body)
        .post("/v1/traces")
        .then()
        .statusCode(403);
    RestAssured.given()
        .contentType("application/x-protobuf")
        .body(body)
        .post("/v1/traces")
        .then()
        .statusCode(401);
    RestAssured.given()
        .header("X-Mirador-Api-Key", "not-a-key")
        .contentType("application/x-protobuf")
        .body(body)
        .post("/v1/traces")
        .then()
        .statusCode(401);
    assertThat(store.trace(TenantId.of("ingest-b"), traceId)).isEmpty();
    assertThat(store.trace(TenantId.of("ingest-a"), traceId)).isEmpty();

    // Same over gRPC: the key decides the tenant.
    int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    SpanExporter wrongTenant =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port)
            .addHeader("x-mirador-api-key", IngestTestResource.apiKey("ingest-a"))
            .addHeader("x-mirador-tenant", "ingest-b")
            .build();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(wrongTenant))
            .build();
    provider.get("t").spanBuilder("x").startSpan().end();
    assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isFalse();
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }

  @Test
  void aTenantOfAnotherRegionIsRefusedOverPlainOtlp() {
    String traceId = OtlpData.traceId();
    Response response =
        otlp("ingest-far").body(OtlpData.trace(traceId, "svc", 1).toByteArray()).post("/v1/traces");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.asString()).contains("region");
    assertThat(store.trace(TenantId.of("ingest-far"), traceId)).isEmpty();
  }

  @Test
  void jsonWithHexIdsAndGzipIsAccepted() throws IOException {
    String traceId = OtlpData.traceId();
    String json =
        """
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-svc"}}]},
          "scopeLogs":[{"logRecords":[{"timeUnixNano":"%d","severityNumber":17,"severityText":"ERROR",
            "traceId":"%s","spanId":"0102030405060708","body":{"stringValue":"payment failed"},
            "someFutureField":{"x":1}}]}]}]}
        """
            .formatted(System.currentTimeMillis() * 1_000_000L, traceId);
    RestAssured.given()
        .header("X-Mirador-Api-Key", IngestTestResource.apiKey("ingest-a"))
        .header("Content-Encoding", "gzip")
        .contentType("application/json")
        .body(gzip(json.getBytes()))
        .post("/v1/logs")
        .then()
        .statusCode(200)
        .contentType("application/json");
    var logs =
        store.searchLogs(
            LogQuery.builder(
                    TenantId.of("ingest-a"),
                    TimeRange.last(Duration.ofMinutes(10), Instant.now().plusSeconds(60)))
                .traceId(traceId)
                .build());
    assertThat(logs.items()).hasSize(1);
    assertThat(logs.items().get(0).body()).isEqualTo("payment failed");
  }

  @Test
  void invalidSpansAreReportedAsPartialSuccess() throws Exception {
    String traceId = OtlpData.traceId();
    ExportTraceServiceRequest.Builder request = OtlpData.trace(traceId, "svc", 3).toBuilder();
    request
        .getResourceSpansBuilder(0)
        .getScopeSpansBuilder(0)
        .getSpansBuilder(2)
        .setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[2]));
    byte[] answer =
        otlp("ingest-a")
            .body(request.build().toByteArray())
            .post("/v1/traces")
            .then()
            .statusCode(200)
            .contentType("application/x-protobuf")
            .extract()
            .asByteArray();
    ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(answer);
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage()).contains("span_id");
    assertThat(store.trace(TenantId.of("ingest-a"), traceId)).hasSize(2);
  }

  @Test
  void aBusyCoreAnswers429WithARetryHintBeforeReadingTheBody() throws Exception {
    int held = 0;
    try {
      while (gate.available() > 0 && gate.enter()) {
        held++;
      }
      Response busy =
          otlp("ingest-b")
              .body(ExportTraceServiceRequest.getDefaultInstance().toByteArray())
              .post("/v1/traces");
      assertThat(busy.statusCode()).isEqualTo(429);
      assertThat(busy.header("Retry-After")).isEqualTo("1");
      com.google.rpc.Status status = com.google.rpc.Status.parseFrom(busy.asByteArray());
      assertThat(status.getCode()).isEqualTo(com.google.rpc.Code.RESOURCE_EXHAUSTED_VALUE);
      assertThat(status.getMessage()).contains("busy");
    } finally {
      for (int i = 0; i < held; i++) {
        gate.leave();
      }
    }
    // Permits back: the same request is accepted.
    Response ok =
        otlp("ingest-b")
            .body(ExportTraceServiceRequest.getDefaultInstance().toByteArray())
            .post("/v1/traces");
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void malformedTruncatedAndOversizedRequestsGetClearErrorsAndCounters() throws Exception {
    Response garbage =
        otlp("ingest-b").body(new byte[] {0x0a, (byte) 0xff, 0x7f}).post("/v1/traces");
    assertThat(garbage.statusCode()).isEqualTo(400);
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(garbage.asByteArray());
    assertThat(status.getMessage()).contains("not an OTLP traces request");

    Response badJson =
        RestAssured.given()
            .header("X-Mirador-Api-Key", IngestTestResource.apiKey("ingest-b"))
            .contentType("application/json")
            .body("{\"resourceSpans\": [")
            .post("/v1/traces");
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(badJson.asString()).contains("not valid JSON");

    byte[] gz = gzip(OtlpData.trace(OtlpData.traceId(), "svc", 50).toByteArray());
    byte[] truncated = java.util.Arrays.copyOf(gz, gz.length / 2);
    Response cut =
        otlp("ingest-b").header("Content-Encoding", "gzip").body(truncated).post("/v1/traces");
    assertThat(cut.statusCode()).isEqualTo(400);
    assertThat(com.google.rpc.Status.parseFrom(cut.asByteArray()).getMessage()).contains("gzip");

    // A gzip bomb: 80 MiB of zeros in about 80 KiB, beyond maxPlaintextBytes (64 MiB).
    Response bomb =
        otlp("ingest-b")
            .header("Content-Encoding", "gzip")
            .body(gzip(new byte[80 << 20]))
            .post("/v1/traces");
    assertThat(bomb.statusCode()).isEqualTo(413);

    // Over the default limits.maxBatchBytes (20 MiB), under the transport limit (21 MiB): 413,
    // and a warning that names the client (address, API key name, user agent), never the key.
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            String text = record.getMessage();
            if (record.getParameters() != null && text.contains("%")) {
              text = String.format(text, record.getParameters());
            }
            warnings.add(text);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger warningLog =
        java.util.logging.Logger.getLogger(OversizeWarning.class.getName());
    warningLog.addHandler(capture);
    try {
      Thread.sleep(1100); // the warning is rate-limited to one a second
      Response big =
          otlp("ingest-b")
              .header("User-Agent", "OTel-OTLP-Exporter-Test/1.0")
              .body(new byte[(20 << 20) + 1])
              .post("/v1/traces");
      assertThat(big.statusCode()).isEqualTo(413);
    } finally {
      warningLog.removeHandler(capture);
    }
    assertThat(warnings)
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("OTLP/HTTP traces request refused as too large")
                    .containsPattern("from '/?127\\.0\\.0\\.1:[0-9]+'")
                    .contains("API key 'ingest-b-key'")
                    .contains("user agent 'OTel-OTLP-Exporter-Test/1.0'")
                    .doesNotContain(IngestTestResource.apiKey("ingest-b")));

    otlp("ingest-b")
        .contentType("text/plain")
        .body("hello")
        .post("/v1/traces")
        .then()
        .statusCode(415);

    String metrics = RestAssured.get("/q/metrics").then().extract().asString();
    assertThat(metrics)
        .containsPattern(
            "mirador_ingest_batches_total\\{[^}]*outcome=\"refused\",reason=\"invalid-otlp\",signal=\"traces\",source=\"otlp_http\",tenant=\"ingest-b\"")
        .containsPattern(
            "mirador_ingest_batches_total\\{[^}]*outcome=\"refused\",reason=\"too-large\",signal=\"traces\",source=\"otlp_http\",tenant=\"ingest-b\"");
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
