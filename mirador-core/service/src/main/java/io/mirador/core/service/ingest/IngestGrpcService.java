package io.mirador.core.service.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.mirador.core.ingest.IngestPipeline;
import io.mirador.core.ingest.IngestResult;
import io.mirador.ingest.IngestMethods;
import io.mirador.ingest.v1.PushResponse;
import io.mirador.ingest.v1.SealedBatch;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code mirador.ingest.v1.Ingest}: sealed batches of agents. Hand-written service definition (one
 * unary method) over the message classes of {@code mirador-core-api}, so no second copy of the
 * messages is generated. Work runs on {@link IngestExecutor}, never on the event loop.
 */
@GrpcService
@Singleton
final class IngestGrpcService implements BindableService {
  private static final PushResponse STORED =
      PushResponse.newBuilder().setResult(PushResponse.Result.STORED).build();
  private static final PushResponse DUPLICATE =
      PushResponse.newBuilder().setResult(PushResponse.Result.DUPLICATE).build();

  private final IngestPipeline pipeline;
  private final IngestExecutor executor;

  IngestGrpcService(IngestPipeline pipeline, IngestExecutor executor) {
    this.pipeline = pipeline;
    this.executor = executor;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return ServerServiceDefinition.builder(IngestMethods.SERVICE)
        .addMethod(IngestMethods.PUSH, ServerCalls.asyncUnaryCall(this::push))
        .build();
  }

  private void push(byte[] request, StreamObserver<PushResponse> response) {
    Runnable busy =
        () ->
            respond(
                pipeline.refuse(
                    IngestPipeline.SEALED,
                    "unknown",
                    "unknown",
                    Optional.empty(),
                    new IngestResult.RetryLater(
                        IngestResult.Retry.BUSY, Duration.ofSeconds(1), "the core is busy; retry")),
                response);
    if (!executor.submit(() -> respond(handle(request), response), busy)) {
      busy.run();
    }
  }

  private IngestResult handle(byte[] request) {
    SealedBatch wire;
    try {
      wire = SealedBatch.parseFrom(request);
    } catch (InvalidProtocolBufferException e) {
      return pipeline.refuse(
          IngestPipeline.SEALED,
          "unknown",
          "unknown",
          Optional.empty(),
          new IngestResult.Refused(
              IngestResult.Refusal.MALFORMED, "request is not a mirador.ingest.v1.SealedBatch"));
    }
    return pipeline.push(wire);
  }

  private static void respond(IngestResult result, StreamObserver<PushResponse> response) {
    try {
      switch (result) {
        case IngestResult.Stored s -> {
          response.onNext(STORED);
          response.onCompleted();
        }
        case IngestResult.Duplicate d -> {
          response.onNext(DUPLICATE);
          response.onCompleted();
        }
        default -> response.onError(GrpcStatuses.error(result, false));
      }
    } catch (IllegalStateException | io.grpc.StatusRuntimeException e) {
      // The client cancelled the call meanwhile: there is nobody to answer.
    }
  }
}
