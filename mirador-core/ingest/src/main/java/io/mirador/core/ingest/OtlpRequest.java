package io.mirador.core.ingest;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.Signal;
import io.mirador.otlp.InvalidOtlpException;
import io.mirador.otlp.OtlpDecoder;
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
   * Decodes the signal's export request with the shared {@link OtlpDecoder} (the agent's receivers
   * use the same): protobuf or OTLP/JSON, nesting bounded, the message never quoting the input.
   *
   * @throws InvalidOtlpException for anything that is not one (truncated, garbage, bad ids), and
   *     for profiles, which the core does not store
   */
  static OtlpRequest decode(Signal signal, OtlpDecoder.Format format, byte[] bytes)
      throws InvalidOtlpException {
    return switch (OtlpDecoder.decode(signal, format, bytes)) {
      case ExportTraceServiceRequest r -> new Traces(r);
      case ExportMetricsServiceRequest r -> new Metrics(r);
      case ExportLogsServiceRequest r -> new Logs(r);
      default -> throw new IllegalStateException("OtlpDecoder returned another message type");
    };
  }
}
