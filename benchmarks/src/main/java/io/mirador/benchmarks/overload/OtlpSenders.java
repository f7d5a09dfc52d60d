package io.mirador.benchmarks.overload;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.mirador.crypto.BatchHeader;
import io.mirador.crypto.BatchSealer;
import io.mirador.crypto.Signal;
import io.mirador.ingest.IngestMethods;
import io.mirador.ingest.WireBatches;
import io.mirador.ingest.v1.PushResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The ways the load generator sends one request: OTLP/HTTP, OTLP/gRPC, sealed Push. */
final class OtlpSenders {
  private OtlpSenders() {}

  /** Sends request number {@code r} (its body) and reports the answer. */
  interface Sender extends AutoCloseable {
    Ledger.Answer send(long r, byte[] otlpBody) throws InterruptedException;

    @Override
    default void close() {}
  }

  static final MethodDescriptor<byte[], byte[]> TRACE_EXPORT =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
          .setRequestMarshaller(IngestMethods.SerializedBytes.INSTANCE)
          .setResponseMarshaller(IngestMethods.SerializedBytes.INSTANCE)
          .build();

  /** OTLP/HTTP protobuf to {@code base}/v1/traces; 429 and 503 are throttling. */
  static Sender http(String base, String apiKey) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    URI uri = URI.create(base + "/v1/traces");
    return new Sender() {
      @Override
      public Ledger.Answer send(long r, byte[] body) throws InterruptedException {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
          request.header("X-Mirador-Api-Key", apiKey);
        }
        try {
          HttpResponse<byte[]> response =
              client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
          int code = response.statusCode();
          long hint =
              response
                  .headers()
                  .firstValue("Retry-After")
                  .map(OtlpSenders::retryAfterMillis)
                  .orElse(0L);
          return new Ledger.Answer(
              Integer.toString(code), code == 200, code == 429 || code == 503, hint);
        } catch (IOException e) {
          return new Ledger.Answer("io-error", false, false, 0);
        }
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  /** OTLP/gRPC over {@code channels} connections; RESOURCE_EXHAUSTED / UNAVAILABLE throttle. */
  static Sender grpc(String host, int port, String apiKey, int channels) {
    List<ManagedChannel> open = new ArrayList<>();
    List<io.grpc.Channel> usable = new ArrayList<>();
    for (int i = 0; i < channels; i++) {
      ManagedChannel ch =
          NettyChannelBuilder.forAddress(host, port)
              .usePlaintext()
              .maxInboundMessageSize(4 << 20)
              .build();
      open.add(ch);
      Metadata headers = new Metadata();
      if (apiKey != null) {
        headers.put(Metadata.Key.of("x-mirador-api-key", Metadata.ASCII_STRING_MARSHALLER), apiKey);
      }
      usable.add(
          ClientInterceptors.intercept(ch, MetadataUtils.newAttachHeadersInterceptor(headers)));
    }
    AtomicInteger next = new AtomicInteger();
    return new Sender() {
      @Override
      public Ledger.Answer send(long r, byte[] body) {
        io.grpc.Channel ch = usable.get(Math.floorMod(next.getAndIncrement(), usable.size()));
        try {
          ClientCalls.blockingUnaryCall(
              ch, TRACE_EXPORT, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), body);
          return new Ledger.Answer("OK", true, false, 0);
        } catch (StatusRuntimeException e) {
          return grpcAnswer(e);
        }
      }

      @Override
      public void close() {
        for (ManagedChannel ch : open) {
          ch.shutdownNow();
        }
      }
    };
  }

  /**
   * Sealed batches to {@code mirador.ingest.v1.Ingest/Push}, as an agent sends them: each request
   * sealed on the sender's thread with the next sequence number.
   */
  static Sender sealed(
      String host,
      int port,
      int channels,
      BatchSealer sealer,
      String tenant,
      String agentId,
      String keyId) {
    Sender transport = grpcRaw(host, port, channels);
    AtomicLong sequence = new AtomicLong();
    return new Sender() {
      @Override
      public Ledger.Answer send(long r, byte[] otlp) throws InterruptedException {
        byte[] wire =
            WireBatches.toWire(
                    sealer.seal(
                        new BatchHeader(
                            tenant, agentId, keyId, sequence.incrementAndGet(), Signal.TRACES),
                        otlp))
                .toByteArray();
        return transport.send(r, wire);
      }

      @Override
      public void close() {
        transport.close();
      }
    };
  }

  private static Sender grpcRaw(String host, int port, int channels) {
    List<ManagedChannel> open = new ArrayList<>();
    for (int i = 0; i < channels; i++) {
      open.add(
          NettyChannelBuilder.forAddress(host, port)
              .usePlaintext()
              .flowControlWindow(8 << 20)
              .build());
    }
    AtomicInteger next = new AtomicInteger();
    return new Sender() {
      @Override
      public Ledger.Answer send(long r, byte[] wire) {
        ManagedChannel ch = open.get(Math.floorMod(next.getAndIncrement(), open.size()));
        try {
          PushResponse response =
              ClientCalls.blockingUnaryCall(
                  ch,
                  IngestMethods.PUSH,
                  CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                  wire);
          return new Ledger.Answer(response.getResult().name(), true, false, 0);
        } catch (StatusRuntimeException e) {
          return grpcAnswer(e);
        }
      }

      @Override
      public void close() {
        for (ManagedChannel ch : open) {
          ch.shutdownNow();
        }
      }
    };
  }

  private static Ledger.Answer grpcAnswer(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    long hint = 0;
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status != null) {
      for (com.google.protobuf.Any detail : status.getDetailsList()) {
        if (detail.is(RetryInfo.class)) {
          try {
            com.google.protobuf.Duration d = detail.unpack(RetryInfo.class).getRetryDelay();
            hint = d.getSeconds() * 1000 + d.getNanos() / 1_000_000;
          } catch (InvalidProtocolBufferException ignored) {
            // no hint
          }
        }
      }
    }
    boolean throttled =
        code == Status.Code.RESOURCE_EXHAUSTED && hint > 0 || code == Status.Code.UNAVAILABLE;
    return new Ledger.Answer(code.name(), false, throttled, hint);
  }

  static long retryAfterMillis(String header) {
    try {
      return Long.parseLong(header.trim()) * 1000;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
