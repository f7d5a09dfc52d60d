package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.mirador.agent.AgentCounters.RequestError;
import io.mirador.crypto.Signal;
import io.mirador.ingest.IngestMethods;
import io.mirador.otlp.OtlpDecoder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on both receivers gets the status the OTLP specification names, is counted, and the
 * agent keeps serving good requests afterwards.
 */
class ReceiverErrorsTest {
  @TempDir Path dir;
  private FakeCore core;
  private Agent agent;
  private OtlpHttpHandler http;
  private AgentCounters counters;

  @BeforeEach
  void start() throws Exception {
    core = new FakeCore(0);
    agent =
        Agent.start(
            TestAgents.config(
                dir, core, Map.of("MIRADOR_AGENT_RECEIVERS_MAXREQUESTBYTES", "65536")));
    http = agent.http();
    counters = agent.counters();
  }

  @AfterEach
  void stop() {
    agent.close();
    core.close();
  }

  private OtlpHttpHandler.Response post(String contentType, String encoding, byte[] body)
      throws Exception {
    return http.handle(Signal.TRACES, contentType, encoding, body).get();
  }

  private static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(b);
    }
    return out.toByteArray();
  }

  private static com.google.rpc.Status status(OtlpHttpHandler.Response r) throws Exception {
    return com.google.rpc.Status.parseFrom(r.body());
  }

  private void assertStillServes() throws Exception {
    OtlpHttpHandler.Response ok =
        post("application/x-protobuf", null, Fixtures.traces(new Random(1), 3).toByteArray());
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ExportTraceServiceResponse.parseFrom(ok.body()).hasPartialSuccess()).isFalse();
  }

  @Test
  void malformedProtobufIs400InvalidArgument() throws Exception {
    OtlpHttpHandler.Response r =
        post("application/x-protobuf", null, new byte[] {0x0a, (byte) 0xff, 0x01, 0x02});
    assertThat(r.status()).isEqualTo(400);
    assertThat(status(r).getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
    assertThat(counters.requestErrors(Signal.TRACES, RequestError.MALFORMED)).isEqualTo(1);
    assertStillServes();
  }

  @Test
  void malformedJsonIs400WithAJsonStatus() throws Exception {
    OtlpHttpHandler.Response r =
        post("application/json", null, "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"code\":3");
    OtlpHttpHandler.Response badHex =
        post(
            "application/json",
            null,
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\"}]}]}]}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(badHex.status()).isEqualTo(400);
    assertThat(counters.requestErrors(Signal.TRACES, RequestError.MALFORMED)).isEqualTo(2);
    assertStillServes();
  }

  @Test
  void jsonWithHexIdsIsAcceptedAndIdsDecoded() throws Exception {
    String json =
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"x\"}}]},"
            + "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\","
            + "\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"a\",\"kind\":2,"
            + "\"startTimeUnixNano\":\"1544712660000000000\",\"endTimeUnixNano\":\"1544712661000000000\"}]}]}]}";
    OtlpHttpHandler.Response r =
        post("application/json; charset=utf-8", null, json.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    OtlpCodec.Decoded d =
        OtlpCodec.decode(
            Signal.TRACES, json.getBytes(StandardCharsets.UTF_8), OtlpDecoder.Format.JSON);
    var span =
        ((ExportTraceServiceRequest) ((OtlpCodec.Decoded.Ok) d).message())
            .getResourceSpans(0)
            .getScopeSpans(0)
            .getSpans(0);
    assertThat(java.util.HexFormat.of().formatHex(span.getTraceId().toByteArray()))
        .isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(java.util.HexFormat.of().formatHex(span.getSpanId().toByteArray()))
        .isEqualTo("eee19b7ec3c1b174");
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    OtlpHttpHandler.Response r = post("text/plain", null, "hello".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(415);
    assertThat(post(null, null, new byte[0]).status()).isEqualTo(415);
    assertThat(counters.requestErrors(Signal.TRACES, RequestError.UNSUPPORTED_MEDIA_TYPE))
        .isEqualTo(2);
    assertThat(post("application/x-protobuf", "br", new byte[0]).status()).isEqualTo(415);
    assertThat(counters.requestErrors(Signal.TRACES, RequestError.BAD_ENCODING)).isEqualTo(1);
    assertStillServes();
  }

  @Test
  void oversizeBodiesAre413IncludingGzipBombs() throws Exception {
    byte[] big = Fixtures.traces(new Random(2), 2000).toByteArray();
    assertThat(big.length).isGreaterThan(65536);
    OtlpHttpHandler.Response r = post("application/x-protobuf", null, big);
    assertThat(r.status()).isEqualTo(413);
    assertThat(status(r).getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
    byte[] bomb = gzip(new byte[10 << 20]);
    assertThat(bomb.length).isLessThan(65536);
    assertThat(post("application/x-protobuf", "gzip", bomb).status()).isEqualTo(413);
    assertThat(counters.requestErrors(Signal.TRACES, RequestError.TOO_LARGE)).isEqualTo(2);
    assertStillServes();
  }

  @Test
  void truncatedOrCorruptGzipIs400() throws Exception {
    byte[] gz = gzip(Fixtures.traces(new Random(3), 10).toByteArray());
    OtlpHttpHandler.Response r =
        post("application/x-protobuf", "gzip", Arrays.copyOf(gz, gz.length / 2));
    assertThat(r.status()).isEqualTo(400);
    assertThat(
            post("application/x-protobuf", "gzip", "not gzip".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(400);
    assertThat(counters.requestErrors(Signal.TRACES, RequestError.BAD_ENCODING)).isEqualTo(2);
    assertThat(post("application/x-protobuf", "gzip", gz).status()).isEqualTo(200);
  }

  @Test
  void invalidIdsArePartialSuccess() throws Exception {
    ExportTraceServiceRequest req = Fixtures.traces(new Random(4), 5);
    ExportTraceServiceRequest.Builder b = req.toBuilder();
    b.getResourceSpansBuilder(0)
        .getScopeSpansBuilder(0)
        .getSpansBuilder(1)
        .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[3]));
    OtlpHttpHandler.Response r = post("application/x-protobuf", null, b.build().toByteArray());
    assertThat(r.status()).isEqualTo(200);
    ExportTraceServiceResponse resp = ExportTraceServiceResponse.parseFrom(r.body());
    assertThat(resp.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(resp.getPartialSuccess().getErrorMessage()).contains("trace_id");
    assertThat(counters.get(Signal.TRACES, AgentCounters.Kind.REJECTED)).isEqualTo(1);
    assertThat(counters.get(Signal.TRACES, AgentCounters.Kind.ACCEPTED)).isEqualTo(4);
  }

  private static MethodDescriptor<byte[], ExportTraceServiceResponse> rawExport() {
    return MethodDescriptor.<byte[], ExportTraceServiceResponse>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
        .setRequestMarshaller(IngestMethods.SerializedBytes.INSTANCE)
        .setResponseMarshaller(
            ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
        .build();
  }

  @Test
  void grpcReceiverGivesInvalidArgumentAndResourceExhausted() throws Exception {
    MethodDescriptor<byte[], ExportTraceServiceResponse> export =
        MethodDescriptor.<byte[], ExportTraceServiceResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
            .setRequestMarshaller(IngestMethods.SerializedBytes.INSTANCE)
            .setResponseMarshaller(
                ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
            .build();
    ManagedChannel ch =
        NettyChannelBuilder.forTarget("127.0.0.1:" + agent.grpcPort()).usePlaintext().build();
    try {
      StatusRuntimeException bad =
          org.junit.jupiter.api.Assertions.assertThrows(
              StatusRuntimeException.class,
              () ->
                  ClientCalls.blockingUnaryCall(
                      ch, export, io.grpc.CallOptions.DEFAULT, new byte[] {0x0a, 0x7f}));
      assertThat(bad.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      StatusRuntimeException big =
          org.junit.jupiter.api.Assertions.assertThrows(
              StatusRuntimeException.class,
              () ->
                  ClientCalls.blockingUnaryCall(
                      ch,
                      export,
                      io.grpc.CallOptions.DEFAULT,
                      Fixtures.traces(new Random(5), 2000).toByteArray()));
      assertThat(big.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(counters.requestErrors(Signal.TRACES, RequestError.TOO_LARGE)).isEqualTo(1);
      assertThat(counters.requestErrors(Signal.TRACES, RequestError.MALFORMED)).isEqualTo(1);
      ExportTraceServiceResponse ok =
          ClientCalls.blockingUnaryCall(
              ch,
              export,
              io.grpc.CallOptions.DEFAULT,
              Fixtures.traces(new Random(6), 3).toByteArray());
      assertThat(ok.hasPartialSuccess()).isFalse();
    } finally {
      ch.shutdownNow();
    }
  }

  @Test
  void memoryPressureIsThrottledWithARetryHint() throws Exception {
    MemoryLimiter limiter = agent.limiter();
    // Fill the budget as concurrent requests would.
    assertThat(limiter.tryAcquire(1)).isTrue();
    assertThat(limiter.tryAcquire(Long.MAX_VALUE / 2)).isFalse();
    long budget = agent.config().memoryLimitBytes();
    assertThat(limiter.tryAcquire(budget - 1)).isTrue();
    OtlpHttpHandler.Response r =
        post("application/x-protobuf", null, Fixtures.traces(new Random(7), 3).toByteArray());
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.retryAfterSeconds()).isPositive();
    assertThat(status(r).getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
    assertThat(status(r).getDetails(0).is(com.google.rpc.RetryInfo.class)).isTrue();
    assertThat(counters.requestErrors(Signal.TRACES, RequestError.OVERLOADED)).isEqualTo(1);
    // gRPC: refused at the headers, before the message is buffered, with a RetryInfo.
    ManagedChannel ch =
        NettyChannelBuilder.forTarget("127.0.0.1:" + agent.grpcPort()).usePlaintext().build();
    try {
      StatusRuntimeException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              StatusRuntimeException.class,
              () ->
                  ClientCalls.blockingUnaryCall(
                      ch,
                      rawExport(),
                      io.grpc.CallOptions.DEFAULT,
                      Fixtures.traces(new Random(8), 3).toByteArray()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(Forwarder.retryHintMillis(e)).isEqualTo(1000);
      assertThat(counters.requestErrors(Signal.TRACES, RequestError.OVERLOADED)).isEqualTo(2);
      // A throttling refusal is not a size refusal.
      assertThat(counters.requestErrors(Signal.TRACES, RequestError.TOO_LARGE)).isZero();
    } finally {
      ch.shutdownNow();
    }
    limiter.release(budget);
    assertStillServes();
  }
}
