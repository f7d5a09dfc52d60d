package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real chain: OpenTelemetry SDK exporters -> the packaged agent (child process) -> the real
 * core service (child process, embedded store) -> the core's query API. The agent is registered
 * with the core through its admin API and seals to the key the core publishes.
 */
class EndToEndCoreIT {
  private static final String TENANT = "acme";

  /** A started core and agent wired to each other. */
  private record Chain(RealCore core, AgentProcess agent) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      agent.close();
      core.close();
    }
  }

  private static Chain chain(String name) throws Exception {
    Path dir = ItDirs.fresh(name);
    RealCore core = new RealCore(dir.resolve("core"), TENANT).start();
    AgentProcess agent =
        new AgentProcess(
            dir.resolve("agent"), "\"" + core.grpcEndpoint() + "\"", core.publicKeyFile(), "");
    // The agent id and tenant of AgentProcess's file are agent-it / acme.
    agent.start();
    core.registerAgent("agent-it", agent.publicKeyBase64());
    return new Chain(core, agent);
  }

  private static Resource resource(String service) {
    return Resource.getDefault()
        .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)));
  }

  private static SdkTracerProvider tracing(String service, SpanExporter exporter) {
    return SdkTracerProvider.builder()
        .setResource(resource(service))
        .addSpanProcessor(
            BatchSpanProcessor.builder(exporter).setScheduleDelay(Duration.ofMillis(50)).build())
        .build();
  }

  /** Starts {@code count} parent+child span pairs with PII; returns "traceId/spanId" of each. */
  private static Set<String> emitSpans(SdkTracerProvider tracing, int count, String tag) {
    var tracer = tracing.get("e2e");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      Span parent = tracer.spanBuilder("checkout " + tag).startSpan();
      Span child =
          tracer
              .spanBuilder("charge " + tag)
              .setParent(io.opentelemetry.context.Context.current().with(parent))
              .setAttribute("customer.email", "grace" + i + "@example.com")
              .setAttribute("note", "card 4111 1111 1111 1111, call +1 415 555 0123")
              .startSpan();
      child.end();
      parent.end();
      ids.add(child.getSpanContext().getTraceId() + "/" + child.getSpanContext().getSpanId());
      ids.add(parent.getSpanContext().getTraceId() + "/" + parent.getSpanContext().getSpanId());
    }
    return ids;
  }

  private static Map<String, Integer> storedSpanIds(RealCore core) throws Exception {
    Map<String, Integer> ids = new HashMap<>();
    for (JsonNode s : core.all("spans", "")) {
      ids.merge(s.path("traceId").asText() + "/" + s.path("spanId").asText(), 1, Integer::sum);
    }
    return ids;
  }

  private static void awaitSpans(RealCore core, Set<String> expected, Duration timeout)
      throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    Map<String, Integer> stored = Map.of();
    while (System.nanoTime() < end) {
      stored = storedSpanIds(core);
      if (stored.keySet().containsAll(expected)) {
        return;
      }
      Thread.sleep(500);
    }
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(stored.keySet());
    throw new AssertionError(missing.size() + " of " + expected.size() + " spans not stored");
  }

  @Test
  void otelSdkGrpcAndHttpThroughAgentAndCoreAllSignalsPiiGoneIdsIntact() throws Exception {
    try (Chain c = chain("e2e-signals")) {
      RealCore core = c.core();
      AgentProcess agent = c.agent();
      SdkTracerProvider viaGrpc =
          tracing(
              "shop-grpc",
              OtlpGrpcSpanExporter.builder().setEndpoint(agent.grpcEndpoint()).build());
      SdkTracerProvider viaHttp =
          tracing(
              "shop-http",
              OtlpHttpSpanExporter.builder().setEndpoint(agent.httpBase() + "/v1/traces").build());
      Set<String> sent = new HashSet<>(emitSpans(viaGrpc, 100, "g"));
      sent.addAll(emitSpans(viaHttp, 100, "h"));
      assertThat(viaGrpc.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(viaHttp.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();

      for (LogRecordExporter exporter :
          List.of(
              OtlpGrpcLogRecordExporter.builder().setEndpoint(agent.grpcEndpoint()).build(),
              (LogRecordExporter)
                  OtlpHttpLogRecordExporter.builder()
                      .setEndpoint(agent.httpBase() + "/v1/logs")
                      .build())) {
        SdkLoggerProvider logs =
            SdkLoggerProvider.builder()
                .setResource(resource("shop-logs"))
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).build())
                .build();
        for (int i = 0; i < 20; i++) {
          logs.get("e2e")
              .logRecordBuilder()
              .setBody("payment failed for heidi" + i + "@example.com card 4111 1111 1111 1111")
              .setAttribute(AttributeKey.stringKey("client.address"), "198.51.100.7")
              .emit();
        }
        assertThat(logs.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
        logs.shutdown().join(5, TimeUnit.SECONDS);
      }

      SdkMeterProvider meters =
          SdkMeterProvider.builder()
              .setResource(resource("shop-metrics"))
              .registerMetricReader(
                  PeriodicMetricReader.builder(
                          OtlpGrpcMetricExporter.builder()
                              .setEndpoint(agent.grpcEndpoint())
                              .build())
                      .setInterval(Duration.ofHours(1))
                      .build())
              .build();
      meters
          .get("e2e")
          .counterBuilder("orders")
          .build()
          .add(7, Attributes.of(AttributeKey.stringKey("user.email"), "ivan@example.com"));
      assertThat(meters.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();

      awaitSpans(core, sent, Duration.ofSeconds(90));
      List<JsonNode> spans = core.all("spans", "");
      assertThat(spans).hasSize(400);
      String spanText = spans.toString();
      assertThat(spanText)
          .doesNotContain("@example.com")
          .doesNotContain("4111 1111")
          .doesNotContain("555 0123");
      for (JsonNode s : spans) {
        assertThat(s.path("resourceAttributes").path(Shaper.AGENT_KEY).asText())
            .isEqualTo("agent-it");
        if (s.path("name").asText().startsWith("charge")) {
          assertThat(s.path("parentSpanId").asText()).hasSize(16);
          assertThat(s.path("attributes").path("customer.email").asText()).startsWith("pii:");
        }
      }

      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      List<JsonNode> logs = List.of();
      while (System.nanoTime() < end && logs.size() < 40) {
        logs = core.all("logs", "");
        Thread.sleep(500);
      }
      assertThat(logs).hasSize(40);
      assertThat(logs.toString())
          .doesNotContain("@example.com")
          .doesNotContain("4111 1111")
          .doesNotContain("198.51.100.7");

      JsonNode series = null;
      end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < end) {
        series =
            core.get(
                "/api/v1/tenants/"
                    + TENANT
                    + "/metrics/series?name=orders&type=sum&aggregation=sum");
        if (series.path("series").size() > 0) {
          break;
        }
        Thread.sleep(500);
      }
      assertThat(series.path("series").size()).isEqualTo(1);
      assertThat(series.toString()).doesNotContain("ivan@example.com").contains("pii:");

      assertThat(agent.metric("mirador_agent_records_total{outcome=\"sent\",signal=\"traces\"}"))
          .isEqualTo(400.0);
      assertThat(agent.metric("mirador_agent_records_total{outcome=\"sent\",signal=\"logs\"}"))
          .isEqualTo(40.0);
      assertThat(agent.get("/q/health/ready")).contains("\"status\": \"UP\"");
      viaGrpc.shutdown().join(5, TimeUnit.SECONDS);
      viaHttp.shutdown().join(5, TimeUnit.SECONDS);
      meters.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void coreDownForAWhileThenBackEveryRecordArrivesExactlyOnce() throws Exception {
    try (Chain c = chain("e2e-core-down")) {
      RealCore core = c.core();
      AgentProcess agent = c.agent();
      core.stop();
      SdkTracerProvider tracing =
          tracing(
              "outage", OtlpGrpcSpanExporter.builder().setEndpoint(agent.grpcEndpoint()).build());
      Set<String> sent = emitSpans(tracing, 150, "o");
      // The agent acknowledges: the spans are on its disk, not yet at the core.
      assertThat(tracing.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(
              agent.metric("mirador_agent_records_total{outcome=\"accepted\",signal=\"traces\"}"))
          .isEqualTo(300.0);
      Thread.sleep(3000);
      assertThat(agent.metric("mirador_agent_records_total{outcome=\"sent\",signal=\"traces\"}"))
          .isZero();
      assertThat(agent.get("/q/health/ready")).contains("\"coreReachable\": false");

      core.start();
      awaitSpans(core, sent, Duration.ofSeconds(120));
      Map<String, Integer> stored = storedSpanIds(core);
      assertThat(stored).hasSize(300);
      assertThat(stored.values()).allMatch(n -> n == 1);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < end
          && !agent.get("/q/health/ready").contains("\"status\": \"UP\"")) {
        Thread.sleep(200);
      }
      assertThat(agent.get("/q/health/ready")).contains("\"status\": \"UP\"");
      tracing.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void agentSigkilledMidStreamEveryAcknowledgedRecordArrivesNoneTwice() throws Exception {
    try (Chain c = chain("e2e-agent-kill")) {
      RealCore core = c.core();
      AgentProcess agent = c.agent();
      AgentCrashIT.AckRecorder recorder =
          new AgentCrashIT.AckRecorder(
              OtlpHttpSpanExporter.builder()
                  .setEndpoint(agent.httpBase() + "/v1/traces")
                  .setRetryPolicy(null)
                  .setTimeout(Duration.ofSeconds(5))
                  .build());
      SdkTracerProvider tracing =
          SdkTracerProvider.builder()
              .setResource(resource("kill"))
              .addSpanProcessor(
                  BatchSpanProcessor.builder(recorder)
                      .setScheduleDelay(Duration.ofMillis(20))
                      .setMaxExportBatchSize(50)
                      .setMaxQueueSize(100_000)
                      .build())
              .build();
      var tracer = tracing.get("kill");
      Map<String, String> traceOfSpan = new HashMap<>();
      long started = System.nanoTime();
      boolean killed = false;
      boolean restarted = false;
      int n = 0;
      while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(7)) {
        Span s =
            tracer
                .spanBuilder("op")
                .setAttribute("user.email", "judy" + n + "@example.com")
                .startSpan();
        s.end();
        traceOfSpan.put(s.getSpanContext().getSpanId(), s.getSpanContext().getTraceId());
        if (++n % 20 == 0) {
          Thread.sleep(2);
        }
        long elapsed = System.nanoTime() - started;
        if (!killed && elapsed > TimeUnit.SECONDS.toNanos(2)) {
          agent.kill();
          killed = true;
        }
        if (killed && !restarted && elapsed > TimeUnit.SECONDS.toNanos(3)) {
          agent.start();
          restarted = true;
        }
      }
      assertThat(tracing.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
      Set<String> acked = new HashSet<>();
      for (String spanId : recorder.acked) {
        acked.add(traceOfSpan.get(spanId) + "/" + spanId);
      }
      assertThat(acked.size()).isGreaterThan(100);
      assertThat(recorder.acked.size()).isLessThan(recorder.attempted.size());
      awaitSpans(core, acked, Duration.ofSeconds(120));
      Map<String, Integer> stored = storedSpanIds(core);
      assertThat(stored.values()).allMatch(x -> x == 1);
      assertThat(Files.exists(agent.work.resolve("agent-2.log"))).isTrue();
      tracing.shutdown().join(5, TimeUnit.SECONDS);
    }
  }
}
