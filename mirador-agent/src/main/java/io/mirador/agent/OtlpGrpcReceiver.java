package io.mirador.agent;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.RetryInfo;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.mirador.agent.AgentCounters.RequestError;
import io.mirador.crypto.Signal;
import io.mirador.otlp.OtlpDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/gRPC receiver: the three collector services, hand-registered on a grpc-java server with the
 * opentelemetry-proto message classes. The request marshaller only reads bytes (up to the limit);
 * parsing happens in the {@link Pipeline} so that a malformed message is INVALID_ARGUMENT and
 * counted like on HTTP. gzip ({@code grpc-encoding}) is handled by grpc-java.
 */
final class OtlpGrpcReceiver implements AutoCloseable {
  /** When {@link EarlyRefusal} admitted the call: the wait for a worker is measured from here. */
  static final io.grpc.Context.Key<Long> ADMITTED_AT = io.grpc.Context.key("mirador-admitted-at");

  /** Every throttling refusal's description starts so (not counted as too large). */
  static final String THROTTLED = "throttled: ";

  private final Server server;
  private final OversizeRefusals oversize;

  /** A request body, or the fact that it was over the limit. */
  record Body(byte[] bytes, boolean tooLarge) {}

  private OtlpGrpcReceiver(Server server, OversizeRefusals oversize) {
    this.server = server;
    this.oversize = oversize;
  }

  /** Shared with the HTTP receiver, so that one rate limit covers both warnings. */
  OversizeRefusals oversize() {
    return oversize;
  }

  static OtlpGrpcReceiver start(
      String host,
      int port,
      Pipeline pipeline,
      MemoryLimiter limiter,
      int maxRequestBytes,
      Executor executor)
      throws IOException {
    NettyServerBuilder b =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            // Bodies up to 4x the limit reach our marshaller and are refused and counted there;
            // larger ones are refused by grpc-java itself before they are buffered further.
            .maxInboundMessageSize((int) Math.min(4L * maxRequestBytes, 64 << 20))
            .maxInboundMetadataSize(64 * 1024)
            // Bodies are buffered by the transport before any handler runs: bound what one
            // connection can hold (calls x message size) and refuse early when saturated.
            .maxConcurrentCallsPerConnection(32)
            .flowControlWindow(1 << 20)
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .executor(executor);
    for (Signal s : new Signal[] {Signal.TRACES, Signal.METRICS, Signal.LOGS}) {
      b.addService(service(s, pipeline, maxRequestBytes));
    }
    OversizeRefusals oversize = new OversizeRefusals(maxRequestBytes);
    b.addStreamTracerFactory(new SizeRefusalCounter(pipeline.counters(), oversize));
    b.intercept(new EarlyRefusal(pipeline, limiter));
    return new OtlpGrpcReceiver(b.build().start(), oversize);
  }

  int port() {
    return server.getPort();
  }

  static String serviceName(Signal s) {
    return switch (s) {
      case TRACES -> "opentelemetry.proto.collector.trace.v1.TraceService";
      case METRICS -> "opentelemetry.proto.collector.metrics.v1.MetricsService";
      case LOGS -> "opentelemetry.proto.collector.logs.v1.LogsService";
      case PROFILES -> "opentelemetry.proto.collector.profiles.v1development.ProfilesService";
    };
  }

  static ServerServiceDefinition service(Signal signal, Pipeline pipeline, int maxRequestBytes) {
    MethodDescriptor<Body, Message> method =
        MethodDescriptor.<Body, Message>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(
                MethodDescriptor.generateFullMethodName(serviceName(signal), "Export"))
            .setRequestMarshaller(new BodyMarshaller(maxRequestBytes))
            .setResponseMarshaller(new ResponseMarshaller())
            .build();
    return ServerServiceDefinition.builder(serviceName(signal))
        .addMethod(
            method,
            ServerCalls.asyncUnaryCall(
                (Body body, StreamObserver<Message> out) ->
                    handle(signal, pipeline, body, out, maxRequestBytes)))
        .build();
  }

  private static void handle(
      Signal signal, Pipeline pipeline, Body body, StreamObserver<Message> out, int max) {
    if (body.tooLarge()) {
      // Counted by SizeRefusalCounter, which also sees the refusals grpc-java makes itself.
      out.onError(
          Status.RESOURCE_EXHAUSTED
              .withDescription("request exceeds " + max + " bytes")
              .asRuntimeException());
      return;
    }
    Long admitted = ADMITTED_AT.get();
    pipeline
        .export(
            signal,
            body.bytes(),
            OtlpDecoder.Format.PROTOBUF,
            null,
            admitted == null ? System.nanoTime() : admitted)
        .whenComplete(
            (outcome, err) -> {
              if (err != null) {
                out.onError(
                    Status.UNAVAILABLE.withDescription("internal error").asRuntimeException());
                return;
              }
              switch (outcome) {
                case Pipeline.Outcome.Accepted a -> {
                  out.onNext(a.response());
                  out.onCompleted();
                }
                case Pipeline.Outcome.Invalid i ->
                    out.onError(
                        Status.INVALID_ARGUMENT.withDescription(i.reason()).asRuntimeException());
                case Pipeline.Outcome.TooLarge t ->
                    out.onError(
                        Status.RESOURCE_EXHAUSTED.withDescription(t.reason()).asRuntimeException());
                case Pipeline.Outcome.Throttled t ->
                    out.onError(throttled(t.reason(), t.retryAfter()));
                case Pipeline.Outcome.Unavailable u ->
                    out.onError(unavailable(u.reason(), u.retryAfter()));
              }
            });
  }

  /** UNAVAILABLE with a google.rpc.RetryInfo: the agent cannot queue now (disk error). */
  static RuntimeException unavailable(String reason, Duration retryAfter) {
    return withRetryInfo(Status.Code.UNAVAILABLE, reason, retryAfter);
  }

  /**
   * RESOURCE_EXHAUSTED with a google.rpc.RetryInfo: the OTLP specification's signal that the
   * exhaustion is recoverable, which clients retry after the delay (without RetryInfo, as for a
   * request over the size limit, RESOURCE_EXHAUSTED is not retryable).
   */
  static io.grpc.StatusRuntimeException throttled(String reason, Duration retryAfter) {
    return withRetryInfo(Status.Code.RESOURCE_EXHAUSTED, THROTTLED + reason, retryAfter);
  }

  private static io.grpc.StatusRuntimeException withRetryInfo(
      Status.Code code, String reason, Duration retryAfter) {
    com.google.rpc.Status s =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(reason)
            .addDetails(
                Any.pack(
                    RetryInfo.newBuilder()
                        .setRetryDelay(
                            com.google.protobuf.Duration.newBuilder()
                                .setSeconds(retryAfter.toSeconds())
                                .setNanos(retryAfter.toNanosPart()))
                        .build()))
            .build();
    return StatusProto.toStatusRuntimeException(s);
  }

  /**
   * Refuses a call at its headers, before its message is buffered, while the agent is saturated.
   */
  static final class EarlyRefusal implements ServerInterceptor {
    private final Pipeline pipeline;
    private final MemoryLimiter limiter;

    EarlyRefusal(Pipeline pipeline, MemoryLimiter limiter) {
      this.pipeline = pipeline;
      this.limiter = limiter;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      if (!limiter.saturated()) {
        io.grpc.Context context =
            io.grpc.Context.current().withValue(ADMITTED_AT, System.nanoTime());
        return io.grpc.Contexts.interceptCall(context, call, headers, next);
      }
      Signal signal = signalOf(call.getMethodDescriptor().getFullMethodName());
      if (signal != null) {
        pipeline.counters().requestError(signal, RequestError.OVERLOADED);
      }
      io.grpc.StatusRuntimeException e = throttled(limiter.reason(), Pipeline.OVERLOAD_RETRY);
      call.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
      return new ServerCall.Listener<>() {};
    }
  }

  static Signal signalOf(String fullMethodName) {
    for (Signal s : new Signal[] {Signal.TRACES, Signal.METRICS, Signal.LOGS}) {
      if (fullMethodName.startsWith(serviceName(s) + "/")) {
        return s;
      }
    }
    return null;
  }

  /**
   * Counts RESOURCE_EXHAUSTED on every OTLP stream: ours, and grpc-java's own refusal of messages
   * over its inbound limit, which never reaches a handler; and names the client in a warning.
   */
  static final class SizeRefusalCounter extends ServerStreamTracer.Factory {
    private static final Metadata.Key<String> USER_AGENT =
        Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);

    private final AgentCounters counters;
    private final OversizeRefusals oversize;

    SizeRefusalCounter(AgentCounters counters, OversizeRefusals oversize) {
      this.counters = counters;
      this.oversize = oversize;
    }

    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
      Signal forStream = signalOf(fullMethodName);
      String userAgent = headers.get(USER_AGENT);
      return new ServerStreamTracer() {
        private volatile String remote;

        @Override
        public void serverCallStarted(ServerCallInfo<?, ?> callInfo) {
          Object address = callInfo.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
          remote = address == null ? null : address.toString();
        }

        @Override
        public void streamClosed(Status status) {
          if (forStream != null
              && status.getCode() == Status.Code.RESOURCE_EXHAUSTED
              && (status.getDescription() == null
                  || !status.getDescription().startsWith(THROTTLED))) {
            counters.requestError(forStream, RequestError.TOO_LARGE);
            oversize.refused(OversizeRefusals.Receiver.GRPC, forStream, remote, userAgent);
          }
        }
      };
    }
  }

  /** Reads at most {@code max + 1} bytes: larger bodies become {@code tooLarge}. */
  static final class BodyMarshaller implements MethodDescriptor.Marshaller<Body> {
    private final int max;

    BodyMarshaller(int max) {
      this.max = max;
    }

    @Override
    public InputStream stream(Body value) {
      return new ByteArrayInputStream(value.bytes());
    }

    @Override
    public Body parse(InputStream stream) {
      try {
        byte[] bytes = stream.readNBytes(max + 1);
        if (bytes.length > max) {
          return new Body(null, true);
        }
        return new Body(bytes, false);
      } catch (IOException e) {
        throw Status.INVALID_ARGUMENT
            .withDescription("cannot read the request (bad compression?)")
            .asRuntimeException();
      }
    }
  }

  static final class ResponseMarshaller implements MethodDescriptor.Marshaller<Message> {
    @Override
    public InputStream stream(Message value) {
      return new ByteArrayInputStream(value.toByteArray());
    }

    @Override
    public Message parse(InputStream stream) {
      throw new UnsupportedOperationException("server side only");
    }
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
  }
}
