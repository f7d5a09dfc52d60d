package io.mirador.core.service.ingest;

import com.google.protobuf.Message;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.mirador.core.config.CoreConfig;
import io.mirador.core.ingest.ApiKeys;
import io.mirador.core.ingest.IngestPipeline;
import io.mirador.core.ingest.IngestResult;
import io.mirador.core.ingest.OtlpRequest;
import io.mirador.crypto.Signal;
import io.mirador.ingest.IngestMethods;
import io.mirador.otlp.InvalidOtlpException;
import io.mirador.otlp.OtlpDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * The OTLP/gRPC collector services (trace, metrics, logs) on the core's gRPC port, for trusted
 * networks: authenticated by the {@code x-mirador-api-key} metadata, then the same pipeline as an
 * opened sealed batch.
 */
final class OtlpGrpcServices {
  static final String SOURCE = "otlp_grpc";
  private static final Context.Key<String> API_KEY = Context.key("mirador-api-key");
  private static final Context.Key<String> TENANT = Context.key("mirador-tenant");
  private static final Context.Key<String> REMOTE = Context.key("mirador-remote");
  private static final Context.Key<String> USER_AGENT = Context.key("mirador-user-agent");
  private static final Metadata.Key<String> USER_AGENT_HEADER =
      Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> API_KEY_HEADER =
      Metadata.Key.of(OtlpCaller.API_KEY_HEADER, Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> TENANT_HEADER =
      Metadata.Key.of(OtlpCaller.TENANT_HEADER, Metadata.ASCII_STRING_MARSHALLER);

  private OtlpGrpcServices() {}

  /** Copies the authentication metadata into the call's context. */
  static final class Headers implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      Object remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
      Context context =
          Context.current()
              .withValue(API_KEY, headers.get(API_KEY_HEADER))
              .withValue(TENANT, headers.get(TENANT_HEADER))
              .withValue(REMOTE, remote == null ? null : remote.toString())
              .withValue(USER_AGENT, headers.get(USER_AGENT_HEADER));
      return Contexts.interceptCall(context, call, headers, next);
    }
  }

  /** One signal's Export method. */
  abstract static class Service implements BindableService {
    private final Signal signal;
    private final String serviceName;
    private final Message responseDefault;
    private final IngestPipeline pipeline;
    private final ApiKeys keys;
    private final IngestExecutor executor;
    private final int maxBytes;

    Service(
        Signal signal,
        String serviceName,
        Message responseDefault,
        IngestPipeline pipeline,
        ApiKeys keys,
        IngestExecutor executor,
        CoreConfig config) {
      this.signal = signal;
      this.serviceName = serviceName;
      this.responseDefault = responseDefault;
      this.pipeline = pipeline;
      this.keys = keys;
      this.executor = executor;
      this.maxBytes = config.limits().maxBatchBytes();
    }

    @Override
    public ServerServiceDefinition bindService() {
      MethodDescriptor<byte[], Message> export =
          MethodDescriptor.<byte[], Message>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(MethodDescriptor.generateFullMethodName(serviceName, "Export"))
              .setRequestMarshaller(IngestMethods.SerializedBytes.INSTANCE)
              .setResponseMarshaller(ProtoUtils.marshaller(responseDefault))
              .build();
      return ServerInterceptors.intercept(
          ServerServiceDefinition.builder(serviceName)
              .addMethod(export, ServerCalls.asyncUnaryCall(this::export))
              .build(),
          new Headers());
    }

    private void export(byte[] body, StreamObserver<Message> response) {
      String apiKey = API_KEY.get();
      String tenant = TENANT.get();
      String remote = REMOTE.get();
      String userAgent = USER_AGENT.get();
      Runnable busy =
          () ->
              respond(
                  pipeline.refuse(
                      SOURCE,
                      "unknown",
                      "unknown",
                      Optional.of(signal),
                      new IngestResult.RetryLater(
                          IngestResult.Retry.BUSY,
                          Duration.ofSeconds(1),
                          "the core is busy; retry")),
                  response);
      if (!executor.submit(
          () -> respond(handle(body, apiKey, tenant, remote, userAgent), response), busy)) {
        busy.run();
      }
    }

    private IngestResult handle(
        byte[] body, String apiKey, String tenantHeader, String remote, String userAgent) {
      OtlpCaller.Outcome caller = OtlpCaller.authenticate(keys, apiKey, tenantHeader);
      if (caller instanceof OtlpCaller.Outcome.Denied denied) {
        return pipeline.refuse(
            SOURCE,
            "apikey:unknown",
            OtlpCaller.label(denied.tenantLabel()),
            Optional.of(signal),
            denied.refusal());
      }
      ApiKeys.Match match = ((OtlpCaller.Outcome.Caller) caller).match();
      if (body.length > maxBytes) {
        OversizeWarning.refused(
            "OTLP gRPC",
            signal,
            remote,
            match.name(),
            userAgent,
            "limits.maxBatchBytes " + maxBytes);
        return pipeline.refuse(
            SOURCE,
            "apikey:" + match.name(),
            match.tenant().value(),
            Optional.of(signal),
            new IngestResult.Refused(
                IngestResult.Refusal.TOO_LARGE,
                "request exceeds limits.maxBatchBytes (" + maxBytes + ")"));
      }
      OtlpRequest request;
      try {
        request = OtlpRequest.decode(signal, OtlpDecoder.Format.PROTOBUF, body);
      } catch (InvalidOtlpException e) {
        return pipeline.refuse(
            SOURCE,
            "apikey:" + match.name(),
            match.tenant().value(),
            Optional.of(signal),
            new IngestResult.Refused(
                IngestResult.Refusal.INVALID_OTLP,
                "request is not a valid OTLP export request for " + signal));
      }
      return pipeline.export(SOURCE, match, request, body.length);
    }

    private void respond(IngestResult result, StreamObserver<Message> response) {
      try {
        switch (result) {
          case IngestResult.Stored s -> {
            response.onNext(success(s));
            response.onCompleted();
          }
          case IngestResult.Duplicate d -> {
            response.onNext(responseDefault);
            response.onCompleted();
          }
          default -> response.onError(GrpcStatuses.error(result, true));
        }
      } catch (IllegalStateException | io.grpc.StatusRuntimeException e) {
        // The client cancelled the call meanwhile: there is nobody to answer.
      }
    }

    private Message success(IngestResult.Stored stored) {
      if (stored.rejected() == 0) {
        return responseDefault;
      }
      return switch (signal) {
        case TRACES ->
            ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(
                    ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(stored.rejected())
                        .setErrorMessage(stored.rejectionMessage()))
                .build();
        case METRICS ->
            ExportMetricsServiceResponse.newBuilder()
                .setPartialSuccess(
                    ExportMetricsPartialSuccess.newBuilder()
                        .setRejectedDataPoints(stored.rejected())
                        .setErrorMessage(stored.rejectionMessage()))
                .build();
        case LOGS ->
            ExportLogsServiceResponse.newBuilder()
                .setPartialSuccess(
                    ExportLogsPartialSuccess.newBuilder()
                        .setRejectedLogRecords(stored.rejected())
                        .setErrorMessage(stored.rejectionMessage()))
                .build();
        case PROFILES -> responseDefault;
      };
    }
  }

  @GrpcService
  @Singleton
  static final class Traces extends Service {
    Traces(IngestPipeline pipeline, ApiKeys keys, IngestExecutor executor, CoreConfig config) {
      super(
          Signal.TRACES,
          "opentelemetry.proto.collector.trace.v1.TraceService",
          ExportTraceServiceResponse.getDefaultInstance(),
          pipeline,
          keys,
          executor,
          config);
    }
  }

  @GrpcService
  @Singleton
  static final class Metrics extends Service {
    Metrics(IngestPipeline pipeline, ApiKeys keys, IngestExecutor executor, CoreConfig config) {
      super(
          Signal.METRICS,
          "opentelemetry.proto.collector.metrics.v1.MetricsService",
          ExportMetricsServiceResponse.getDefaultInstance(),
          pipeline,
          keys,
          executor,
          config);
    }
  }

  @GrpcService
  @Singleton
  static final class Logs extends Service {
    Logs(IngestPipeline pipeline, ApiKeys keys, IngestExecutor executor, CoreConfig config) {
      super(
          Signal.LOGS,
          "opentelemetry.proto.collector.logs.v1.LogsService",
          ExportLogsServiceResponse.getDefaultInstance(),
          pipeline,
          keys,
          executor,
          config);
    }
  }
}
