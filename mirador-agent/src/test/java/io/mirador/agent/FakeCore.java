package io.mirador.agent;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.mirador.crypto.BatchOpener;
import io.mirador.crypto.KeyKind;
import io.mirador.crypto.Keyring;
import io.mirador.crypto.OpenResult;
import io.mirador.crypto.Signal;
import io.mirador.crypto.X25519PublicKey;
import io.mirador.ingest.IngestMethods;
import io.mirador.ingest.WireBatches;
import io.mirador.ingest.v1.PushResponse;
import io.mirador.ingest.v1.SealedBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A stand-in for the core in unit tests: a real gRPC server for {@code Ingest/Push} that opens the
 * sealed batches with crypto's BatchOpener (the agent's key as sender), acknowledges duplicates
 * without storing them again, and can be told to fail.
 */
final class FakeCore implements AutoCloseable {

  final Keyring keyring;
  final String keyId = "core-test-1";
  final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
  final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
  final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
  final Set<Long> stored = ConcurrentHashMap.newKeySet();
  final AtomicInteger calls = new AtomicInteger();

  /** Sequences whose first ack is lost after they were stored. */
  final Set<Long> loseAckOnce = ConcurrentHashMap.newKeySet();

  final AtomicInteger duplicates = new AtomicInteger();
  final List<String> rejections = new CopyOnWriteArrayList<>();
  volatile X25519PublicKey expectedSender;

  /** Returns an exception to fail a call, or null to process it normally. */
  volatile Function<SealedBatch, StatusRuntimeException> failure = b -> null;

  private final Server server;

  FakeCore(int port) throws IOException {
    this(port, null);
  }

  /** A core with {@code keys} (a restarted core keeps its keys), or new keys when null. */
  FakeCore(int port, Keyring keys) throws IOException {
    keyring =
        keys != null
            ? keys
            : Keyring.empty()
                .generate(keyId, KeyKind.X25519, "", Instant.now(), Fixtures.RANDOM)
                .promote(keyId);
    ServerServiceDefinition def =
        ServerServiceDefinition.builder("mirador.ingest.v1.Ingest")
            .addMethod(
                IngestMethods.PUSH_MESSAGE,
                ServerCalls.asyncUnaryCall(
                    (req, out) -> {
                      calls.incrementAndGet();
                      StatusRuntimeException f = failure.apply(req);
                      if (f != null) {
                        out.onError(f);
                        return;
                      }
                      try {
                        PushResponse r = push(req);
                        if (loseAckOnce.remove(req.getSequence())) {
                          out.onError(io.grpc.Status.UNAVAILABLE.asRuntimeException());
                          return;
                        }
                        out.onNext(r);
                        out.onCompleted();
                      } catch (StatusRuntimeException e) {
                        out.onError(e);
                      }
                    }))
            .build();
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .addService(def)
            .build()
            .start();
  }

  int port() {
    return server.getPort();
  }

  String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(keyring.publicKeys().get(0).key());
  }

  Path writePublicKeyFile(Path file) throws IOException {
    Files.writeString(file, keyId + " " + publicKeyBase64() + "\n");
    return file;
  }

  private PushResponse push(SealedBatch wire) {
    var decoded = WireBatches.fromWire(wire, WireBatches.DEFAULT_MAX_PAYLOAD_BYTES);
    if (!(decoded instanceof WireBatches.Decoded.Valid v)) {
      rejections.add(((WireBatches.Decoded.Invalid) decoded).reason());
      throw io.grpc.Status.INVALID_ARGUMENT.asRuntimeException();
    }
    if (stored.contains(wire.getSequence())) {
      duplicates.incrementAndGet();
      return PushResponse.newBuilder().setResult(PushResponse.Result.DUPLICATE).build();
    }
    BatchOpener opener = BatchOpener.builder().recipientKeys(keyring.recipientKeys()).build();
    OpenResult r =
        expectedSender == null
            ? opener.openUnauthenticated(v.batch())
            : opener.open(v.batch(), expectedSender);
    if (!(r instanceof OpenResult.Opened opened)) {
      rejections.add(r.toString());
      throw io.grpc.Status.INVALID_ARGUMENT.asRuntimeException();
    }
    try {
      Signal s = opened.header().signal();
      switch (s) {
        case TRACES -> traces.add(ExportTraceServiceRequest.parseFrom(opened.plaintext()));
        case LOGS -> logs.add(ExportLogsServiceRequest.parseFrom(opened.plaintext()));
        case METRICS -> metrics.add(ExportMetricsServiceRequest.parseFrom(opened.plaintext()));
        case PROFILES -> throw io.grpc.Status.INVALID_ARGUMENT.asRuntimeException();
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw io.grpc.Status.INVALID_ARGUMENT.asRuntimeException();
    }
    stored.add(wire.getSequence());
    return PushResponse.newBuilder().setResult(PushResponse.Result.STORED).build();
  }

  int spanCount() {
    return traces.stream()
        .flatMap(t -> t.getResourceSpansList().stream())
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .mapToInt(ss -> ss.getSpansCount())
        .sum();
  }

  int logCount() {
    return logs.stream()
        .flatMap(t -> t.getResourceLogsList().stream())
        .flatMap(rl -> rl.getScopeLogsList().stream())
        .mapToInt(sl -> sl.getLogRecordsCount())
        .sum();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
