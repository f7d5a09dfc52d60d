package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real OpenTelemetry Java SDK exporters (a batch of 512 spans, the batch span processor's
 * default) against the packaged agent with its default limits: a full batch of large spans is
 * accepted on OTLP/HTTP (about 14 MiB of protobuf, over the old 4 MiB limit and Quarkus' 10 MiB
 * default) and on gRPC (about 6 MiB, over gRPC's usual 4 MiB); a batch over the limit (20 MiB, the
 * Collector's OTLP/HTTP default) is refused, counted per receiver and logged with the client's
 * address and user agent, never its payload.
 */
class SdkBatchSizeIT {
  private static final int BATCH = 512;

  @Test
  void aFullSdkBatchOfLargeSpansIsAcceptedAndAnOversizeOneIsNamedInTheLog() throws Exception {
    Path dir = ItDirs.fresh("sdk-batch-size");
    try (FakeCore core = new FakeCore(0);
        AgentProcess agent = AgentProcess.forwardingTo(core, dir)) {
      agent.start();
      core.expectedSender = agent.publicKey();

      SpanExporter http =
          OtlpHttpSpanExporter.builder()
              .setEndpoint(agent.httpBase() + "/v1/traces")
              .setTimeout(Duration.ofSeconds(60))
              .build();
      // 512 spans of 28 KiB: about 14 MiB, over Quarkus' own 10 MiB default body limit too.
      assertThat(export(http, BATCH, 28 * 1024).isSuccess()).as("14 MiB over OTLP/HTTP").isTrue();
      SpanExporter grpc =
          OtlpGrpcSpanExporter.builder()
              .setEndpoint(agent.grpcEndpoint())
              .setTimeout(Duration.ofSeconds(60))
              .build();
      assertThat(export(grpc, BATCH, 12 * 1024).isSuccess()).as("6 MiB over gRPC").isTrue();
      AgentCrashIT.await(
          () -> core.spanCount() == 2 * BATCH, Duration.ofSeconds(60), "both batches stored");

      // 512 spans of 44 KiB: about 22 MiB, over the 20 MiB default.
      SpanExporter tooLarge =
          OtlpHttpSpanExporter.builder()
              .setEndpoint(agent.httpBase() + "/v1/traces")
              .setTimeout(Duration.ofSeconds(60))
              .build();
      assertThat(export(tooLarge, BATCH, 44 * 1024).isSuccess()).isFalse();

      assertThat(agent.metric("mirador_agent_requests_too_large_total{receiver=\"http\"}"))
          .isEqualTo(1.0);
      assertThat(agent.metric("mirador_agent_requests_too_large_total{receiver=\"grpc\"}"))
          .isEqualTo(0.0);
      Path log = dir.resolve("agent/agent-1.log");
      AgentCrashIT.await(
          () -> read(log).contains("request refused as too large"),
          Duration.ofSeconds(10),
          "the warning");
      String text = read(log);
      assertThat(text)
          .contains("OTLP/HTTP traces request refused as too large")
          .contains("over receivers.maxRequestBytes = " + (20 * 1024 * 1024) + " bytes")
          .containsPattern("from '/?127\\.0\\.0\\.1:[0-9]+'")
          .contains("user agent 'OTel-OTLP-Exporter-Java/")
          .doesNotContain("abcdefghij");
      assertThat(core.spanCount()).isEqualTo(2 * BATCH);
    }
  }

  /**
   * One batch of {@code spans} spans, each with an attribute of {@code bytes} letters, as the batch
   * span processor hands it to the exporter (its default batch is 512): the spans are collected at
   * their end and exported in one call, whose result is what the SDK acts on.
   */
  private static CompletableResultCode export(SpanExporter exporter, int spans, int bytes) {
    List<SpanData> batch = new ArrayList<>();
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                new SpanProcessor() {
                  @Override
                  public void onStart(Context parent, ReadWriteSpan span) {}

                  @Override
                  public boolean isStartRequired() {
                    return false;
                  }

                  @Override
                  public void onEnd(ReadableSpan span) {
                    batch.add(span.toSpanData());
                  }

                  @Override
                  public boolean isEndRequired() {
                    return true;
                  }
                })
            .build();
    Tracer tracer = tracing.get("batch-size");
    String payload = "abcdefghij".repeat(bytes / 10);
    for (int i = 0; i < spans; i++) {
      tracer.spanBuilder("span-" + i).setAttribute("payload", payload).startSpan().end();
    }
    CompletableResultCode result = exporter.export(batch).join(90, TimeUnit.SECONDS);
    exporter.shutdown().join(10, TimeUnit.SECONDS);
    tracing.shutdown().join(10, TimeUnit.SECONDS);
    return result;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
