package io.mirador.core.ingest;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mirador.crypto.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** A parsed OTLP export request of one signal. */
public sealed interface OtlpRequest {
  Signal signal();

  /** Traces. */
  record Traces(ExportTraceServiceRequest request) implements OtlpRequest {
    public Traces {
      requireNonNull(request, "request");
    }

    @Override
    public Signal signal() {
      return Signal.TRACES;
    }
  }

  /** Metrics. */
  record Metrics(ExportMetricsServiceRequest request) implements OtlpRequest {
    public Metrics {
      requireNonNull(request, "request");
    }

    @Override
    public Signal signal() {
      return Signal.METRICS;
    }
  }

  /** Logs. */
  record Logs(ExportLogsServiceRequest request) implements OtlpRequest {
    public Logs {
      requireNonNull(request, "request");
    }

    @Override
    public Signal signal() {
      return Signal.LOGS;
    }
  }

  /**
   * Parses protobuf bytes as the signal's export request.
   *
   * @throws InvalidProtocolBufferException for anything that is not one (truncated, garbage)
   * @throws IllegalArgumentException for a signal the core does not store
   */
  static OtlpRequest parse(Signal signal, byte[] bytes) throws InvalidProtocolBufferException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    // OTLP nests attribute values (kvlists, arrays); protobuf's default depth of 100 is plenty
    // for real data and bounds hostile nesting.
    in.setRecursionLimit(64);
    OtlpRequest parsed =
        switch (signal) {
          case TRACES -> new Traces(ExportTraceServiceRequest.parser().parseFrom(in));
          case METRICS -> new Metrics(ExportMetricsServiceRequest.parser().parseFrom(in));
          case LOGS -> new Logs(ExportLogsServiceRequest.parser().parseFrom(in));
          case PROFILES -> throw new IllegalArgumentException("profiles are not stored");
        };
    in.checkLastTagWas(0);
    return parsed;
  }
}
