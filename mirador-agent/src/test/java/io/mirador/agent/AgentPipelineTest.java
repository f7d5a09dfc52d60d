package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.crypto.Signal;
import io.mirador.crypto.X25519PublicKey;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain-Java agent between the real OpenTelemetry SDK (OTLP/gRPC exporters) and a fake core
 * that opens the sealed batches: every record arrives, PII is gone, ids are intact, resources are
 * enriched. (The same against the real core is the job of the *IT tests.)
 */
class AgentPipelineTest {
  @TempDir Path dir;

  private static void await(BooleanSupplier cond, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void otelSdkToAgentToCoreAllSignalsRedactedAndSealed() throws Exception {
    try (FakeCore core = new FakeCore(0);
        Agent agent = Agent.start(TestAgents.config(dir, core, Map.of()))) {
      String pub = Files.readString(dir.resolve("agent.pub")).trim().split(" ")[1];
      core.expectedSender = X25519PublicKey.of(Base64.getDecoder().decode(pub));
      String endpoint = "http://127.0.0.1:" + agent.grpcPort();
      Resource resource =
          Resource.getDefault()
              .merge(
                  Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop")));

      SdkTracerProvider tracing =
          SdkTracerProvider.builder()
              .setResource(resource)
              .addSpanProcessor(
                  BatchSpanProcessor.builder(
                          OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build())
                      .build())
              .build();
      Tracer tracer = tracing.get("test");
      Set<String> sentIds = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        Span parent = tracer.spanBuilder("checkout").startSpan();
        try (Scope s = parent.makeCurrent()) {
          Span child =
              tracer
                  .spanBuilder("charge")
                  .setAttribute("customer.email", "carol" + i + "@example.com")
                  .setAttribute("note", "card 4111 1111 1111 1111 used by +1 415 555 0100")
                  .startSpan();
          child.end();
          sentIds.add(
              child.getSpanContext().getTraceId() + "/" + child.getSpanContext().getSpanId());
        }
        parent.end();
        sentIds.add(
            parent.getSpanContext().getTraceId() + "/" + parent.getSpanContext().getSpanId());
      }
      CompletableResultCode flushed = tracing.forceFlush().join(10, TimeUnit.SECONDS);
      assertThat(flushed.isSuccess()).isTrue();

      SdkLoggerProvider logging =
          SdkLoggerProvider.builder()
              .setResource(resource)
              .addLogRecordProcessor(
                  SimpleLogRecordProcessor.create(
                      OtlpGrpcLogRecordExporter.builder().setEndpoint(endpoint).build()))
              .build();
      for (int i = 0; i < 30; i++) {
        logging.get("test").logRecordBuilder().setBody("login failed for dave@example.com").emit();
      }
      assertThat(logging.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

      SdkMeterProvider meters =
          SdkMeterProvider.builder()
              .setResource(resource)
              .registerMetricReader(
                  PeriodicMetricReader.builder(
                          OtlpGrpcMetricExporter.builder().setEndpoint(endpoint).build())
                      .setInterval(Duration.ofHours(1))
                      .build())
              .build();
      meters
          .get("test")
          .counterBuilder("orders")
          .build()
          .add(3, Attributes.of(AttributeKey.stringKey("user.email"), "erin@example.com"));
      assertThat(meters.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

      AgentCounters c = agent.counters();
      try {
        await(() -> core.spanCount() == 400, Duration.ofSeconds(20));
      } catch (AssertionError e) {
        StringBuilder b = new StringBuilder("spans at core " + core.spanCount() + "; ");
        for (AgentCounters.Kind k : AgentCounters.Kind.values()) {
          b.append(k).append('=').append(c.get(Signal.TRACES, k)).append(' ');
        }
        for (AgentCounters.RequestError k : AgentCounters.RequestError.values()) {
          b.append(k).append('=').append(c.requestErrors(Signal.TRACES, k)).append(' ');
        }
        throw new AssertionError(b.toString() + core.rejections, e);
      }
      await(() -> core.logCount() == 30, Duration.ofSeconds(20));
      await(() -> !core.metrics.isEmpty(), Duration.ofSeconds(20));
      assertThat(core.rejections).isEmpty();
      assertThat(c.get(Signal.TRACES, AgentCounters.Kind.ACCEPTED)).isEqualTo(400);
      await(() -> c.get(Signal.TRACES, AgentCounters.Kind.SENT) == 400, Duration.ofSeconds(5));
      assertThat(c.get(Signal.TRACES, AgentCounters.Kind.REDACTED)).isGreaterThanOrEqualTo(600);
      assertThat(c.get(Signal.LOGS, AgentCounters.Kind.SENT)).isEqualTo(30);

      Set<String> receivedIds = new HashSet<>();
      StringBuilder everything = new StringBuilder();
      for (var t : core.traces) {
        everything.append(t);
        for (var rs : t.getResourceSpansList()) {
          assertThat(rs.getResource().getAttributesList())
              .extracting(KeyValue::getKey)
              .contains(Shaper.TENANT_KEY, Shaper.AGENT_KEY, Shaper.HOST_KEY, "service.name");
          for (var ss : rs.getScopeSpansList()) {
            for (var sp : ss.getSpansList()) {
              receivedIds.add(
                  HexFormat.of().formatHex(sp.getTraceId().toByteArray())
                      + "/"
                      + HexFormat.of().formatHex(sp.getSpanId().toByteArray()));
            }
          }
        }
      }
      core.logs.forEach(everything::append);
      core.metrics.forEach(everything::append);
      assertThat(receivedIds).isEqualTo(sentIds);
      String all = everything.toString();
      assertThat(all)
          .doesNotContain("@example.com")
          .doesNotContain("4111 1111")
          .doesNotContain("555 0100")
          .contains("pii:");
      tracing.shutdown().join(5, TimeUnit.SECONDS);
      logging.shutdown().join(5, TimeUnit.SECONDS);
      meters.shutdown().join(5, TimeUnit.SECONDS);
    }
  }
}
