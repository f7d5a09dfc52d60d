package io.mirador.core.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.mirador.core.ingest.IngestResult;
import io.mirador.core.ingest.IngestResult.Refusal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GrpcStatusesTest {
  @Test
  void retryableResultsAreUnavailableWithARetryInfoDelay() throws Exception {
    StatusRuntimeException e =
        GrpcStatuses.error(
            new IngestResult.RetryLater(
                IngestResult.Retry.STORE_UNAVAILABLE, Duration.ofMillis(2500), "retry"),
            false);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    RetryInfo info = StatusProto.fromThrowable(e).getDetails(0).unpack(RetryInfo.class);
    assertThat(info.getRetryDelay().getSeconds()).isEqualTo(2);
    assertThat(info.getRetryDelay().getNanos()).isEqualTo(500_000_000);
  }

  @ParameterizedTest
  @EnumSource(IngestResult.Retry.class)
  void overloadIsResourceExhaustedForOtlpExportersAndUnavailableForAgents(IngestResult.Retry reason)
      throws Exception {
    IngestResult retry = new IngestResult.RetryLater(reason, Duration.ofSeconds(1), "retry");
    StatusRuntimeException otlp = GrpcStatuses.error(retry, true);
    Status.Code expected =
        reason == IngestResult.Retry.OVER_MEMORY_BUDGET || reason == IngestResult.Retry.BUSY
            ? Status.Code.RESOURCE_EXHAUSTED
            : Status.Code.UNAVAILABLE;
    assertThat(otlp.getStatus().getCode()).isEqualTo(expected);
    // RetryInfo is what makes RESOURCE_EXHAUSTED retryable for OTLP exporters.
    assertThat(
            StatusProto.fromThrowable(otlp)
                .getDetails(0)
                .unpack(RetryInfo.class)
                .getRetryDelay()
                .getSeconds())
        .isEqualTo(1);
    assertThat(GrpcStatuses.error(retry, false).getStatus().getCode())
        .as("agents' Push: UNAVAILABLE for every retryable result")
        .isEqualTo(Status.Code.UNAVAILABLE);
  }

  @ParameterizedTest
  @EnumSource(Refusal.class)
  void everyRefusalIsAPermanentStatusAsIngestProtoSays(Refusal kind) {
    Status.Code sealed =
        GrpcStatuses.error(new IngestResult.Refused(kind, "m"), false).getStatus().getCode();
    Status.Code expected =
        switch (kind) {
          case UNKNOWN_TENANT, WRONG_REGION, UNKNOWN_AGENT -> Status.Code.PERMISSION_DENIED;
          case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
          case TOO_OLD -> Status.Code.FAILED_PRECONDITION;
          default -> Status.Code.INVALID_ARGUMENT;
        };
    assertThat(sealed).isEqualTo(expected);
    assertThat(
            StatusProto.fromThrowable(
                    GrpcStatuses.error(new IngestResult.Refused(kind, "m"), false))
                .getDetailsCount())
        .as("permanent errors carry no retry hint")
        .isZero();
  }

  @Test
  void tooLargeIsResourceExhaustedForOtlpExporters() {
    IngestResult tooLarge = new IngestResult.Refused(Refusal.TOO_LARGE, "big");
    assertThat(GrpcStatuses.error(tooLarge, true).getStatus().getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(OtlpHttpResource.httpStatus(Refusal.TOO_LARGE)).isEqualTo(413);
    assertThat(OtlpHttpResource.httpStatus(Refusal.UNAUTHENTICATED)).isEqualTo(401);
    assertThat(OtlpHttpResource.httpStatus(Refusal.WRONG_REGION)).isEqualTo(403);
    assertThat(OtlpHttpResource.httpStatus(Refusal.INVALID_OTLP)).isEqualTo(400);
  }
}
