package io.mirador.core.service.ingest;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.mirador.core.ingest.IngestResult;
import java.time.Duration;

/** Maps ingest results to gRPC statuses as {@code ingest.proto} and the OTLP specification say. */
final class GrpcStatuses {
  private GrpcStatuses() {}

  /**
   * The error for a refused or retryable result of a sealed batch.
   *
   * @param otlp whether the caller is an OTLP exporter (too large is RESOURCE_EXHAUSTED there)
   */
  static StatusRuntimeException error(IngestResult result, boolean otlp) {
    return switch (result) {
      case IngestResult.Refused r -> status(code(r.kind(), otlp), r.message(), null);
      case IngestResult.RetryLater r -> status(retryCode(r.reason(), otlp), r.message(), r.delay());
      case IngestResult.Stored s -> throw new IllegalArgumentException("not an error");
      case IngestResult.Duplicate d -> throw new IllegalArgumentException("not an error");
    };
  }

  /**
   * A retryable result's code. OTLP exporters get RESOURCE_EXHAUSTED for an overloaded core (over
   * its memory budget, every worker busy), like the 429 of the HTTP receiver: with the RetryInfo it
   * always carries, the OTLP specification makes it retryable after the delay, and it tells load
   * shedding apart from a store that is down (UNAVAILABLE, like HTTP 503). Agents' Push keeps
   * UNAVAILABLE for every retryable result, as ingest.proto says.
   */
  static Code retryCode(IngestResult.Retry reason, boolean otlp) {
    if (!otlp) {
      return Code.UNAVAILABLE;
    }
    return switch (reason) {
      case OVER_MEMORY_BUDGET, BUSY -> Code.RESOURCE_EXHAUSTED;
      case STORE_UNAVAILABLE, IN_PROGRESS -> Code.UNAVAILABLE;
    };
  }

  static Code code(IngestResult.Refusal kind, boolean otlp) {
    return switch (kind) {
      case UNKNOWN_TENANT, WRONG_REGION, UNKNOWN_AGENT -> Code.PERMISSION_DENIED;
      case UNAUTHENTICATED -> Code.UNAUTHENTICATED;
      case TOO_OLD -> Code.FAILED_PRECONDITION;
      case TOO_LARGE -> otlp ? Code.RESOURCE_EXHAUSTED : Code.INVALID_ARGUMENT;
      case MALFORMED, NOT_OPENED, INVALID_OTLP, UNSUPPORTED_SIGNAL -> Code.INVALID_ARGUMENT;
    };
  }

  /** A status with a message and, when {@code retryAfter} is given, a RetryInfo detail. */
  static StatusRuntimeException status(Code code, String message, Duration retryAfter) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message);
    if (retryAfter != null) {
      status.addDetails(
          Any.pack(
              RetryInfo.newBuilder()
                  .setRetryDelay(
                      com.google.protobuf.Duration.newBuilder()
                          .setSeconds(retryAfter.getSeconds())
                          .setNanos(retryAfter.getNano()))
                  .build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }
}
