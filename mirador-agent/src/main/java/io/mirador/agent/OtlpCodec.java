package io.mirador.agent;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.mirador.crypto.Signal;
import io.mirador.otlp.InvalidOtlpException;
import io.mirador.otlp.OtlpDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;

/**
 * Decodes OTLP export requests (binary protobuf, or OTLP/JSON with hex trace and span ids) and
 * encodes the responses. Input is hostile: every failure is a {@link Decoded.Bad} with a short
 * reason that never quotes the input.
 *
 * <p>Records with malformed ids (a span whose trace id is not 16 non-zero bytes, a log record whose
 * trace or span id has the wrong length) are removed and reported through OTLP partial success; the
 * rest of the request is accepted.
 */
final class OtlpCodec {
  private OtlpCodec() {}

  /** The result of decoding. */
  sealed interface Decoded {
    /** A usable request: {@code records} kept, {@code rejected} removed (with a reason). */
    record Ok(Signal signal, Message message, int records, int rejected, String rejectReason)
        implements Decoded {}

    /** Unusable: INVALID_ARGUMENT / 400. */
    record Bad(String reason) implements Decoded {}
  }

  /**
   * Decodes with the shared {@link OtlpDecoder} (the core's receivers use the same), then removes
   * records with malformed ids.
   */
  static Decoded decode(Signal signal, byte[] body, OtlpDecoder.Format format) {
    try {
      return validate(signal, OtlpDecoder.decode(signal, format, body));
    } catch (InvalidOtlpException e) {
      return new Decoded.Bad(e.getMessage());
    }
  }

  private static Decoded validate(Signal signal, Message message) {
    return switch (message) {
      case ExportTraceServiceRequest r -> validateTraces(r);
      case ExportLogsServiceRequest r -> validateLogs(r);
      case ExportMetricsServiceRequest r -> new Decoded.Ok(signal, r, dataPoints(r), 0, null);
      default -> new Decoded.Bad("unsupported message");
    };
  }

  private static boolean validTraceId(ByteString id) {
    return id.size() == 16 && !allZero(id);
  }

  private static boolean validSpanId(ByteString id) {
    return id.size() == 8 && !allZero(id);
  }

  private static boolean allZero(ByteString b) {
    for (int i = 0; i < b.size(); i++) {
      if (b.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private static Decoded validateTraces(ExportTraceServiceRequest r) {
    int good = 0;
    int bad = 0;
    for (ResourceSpans rs : r.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          if (spanOk(s)) {
            good++;
          } else {
            bad++;
          }
        }
      }
    }
    if (bad == 0) {
      return new Decoded.Ok(Signal.TRACES, r, good, 0, null);
    }
    ExportTraceServiceRequest.Builder b = r.toBuilder();
    for (ResourceSpans.Builder rs : b.getResourceSpansBuilderList()) {
      for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
        for (int i = ss.getSpansCount() - 1; i >= 0; i--) {
          if (!spanOk(ss.getSpans(i))) {
            ss.removeSpans(i);
          }
        }
      }
    }
    return new Decoded.Ok(
        Signal.TRACES,
        b.build(),
        good,
        bad,
        bad
            + " span(s) rejected: trace_id must be 16 and span_id 8 non-zero bytes,"
            + " parent_span_id empty or 8 bytes");
  }

  private static boolean spanOk(Span s) {
    return validTraceId(s.getTraceId())
        && validSpanId(s.getSpanId())
        && (s.getParentSpanId().isEmpty() || s.getParentSpanId().size() == 8);
  }

  private static boolean logOk(LogRecord l) {
    return (l.getTraceId().isEmpty() || l.getTraceId().size() == 16)
        && (l.getSpanId().isEmpty() || l.getSpanId().size() == 8);
  }

  private static Decoded validateLogs(ExportLogsServiceRequest r) {
    int good = 0;
    int bad = 0;
    for (ResourceLogs rl : r.getResourceLogsList()) {
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord l : sl.getLogRecordsList()) {
          if (logOk(l)) {
            good++;
          } else {
            bad++;
          }
        }
      }
    }
    if (bad == 0) {
      return new Decoded.Ok(Signal.LOGS, r, good, 0, null);
    }
    ExportLogsServiceRequest.Builder b = r.toBuilder();
    for (ResourceLogs.Builder rl : b.getResourceLogsBuilderList()) {
      for (ScopeLogs.Builder sl : rl.getScopeLogsBuilderList()) {
        for (int i = sl.getLogRecordsCount() - 1; i >= 0; i--) {
          if (!logOk(sl.getLogRecords(i))) {
            sl.removeLogRecords(i);
          }
        }
      }
    }
    return new Decoded.Ok(
        Signal.LOGS,
        b.build(),
        good,
        bad,
        bad + " log record(s) rejected: trace_id must be empty or 16 bytes, span_id empty or 8");
  }

  static int dataPoints(ExportMetricsServiceRequest r) {
    int n = 0;
    for (ResourceMetrics rm : r.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          n += dataPoints(m);
        }
      }
    }
    return n;
  }

  static int dataPoints(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsCount();
      case SUM -> m.getSum().getDataPointsCount();
      case HISTOGRAM -> m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> m.getSummary().getDataPointsCount();
      case DATA_NOT_SET -> 0;
    };
  }

  /** The success response, with partial success when records were rejected. */
  static Message response(Signal signal, int rejected, String reason) {
    String msg = reason == null ? "" : reason;
    return switch (signal) {
      case TRACES -> {
        ExportTraceServiceResponse.Builder b = ExportTraceServiceResponse.newBuilder();
        if (rejected > 0) {
          b.setPartialSuccess(
              ExportTracePartialSuccess.newBuilder()
                  .setRejectedSpans(rejected)
                  .setErrorMessage(msg));
        }
        yield b.build();
      }
      case LOGS -> {
        ExportLogsServiceResponse.Builder b = ExportLogsServiceResponse.newBuilder();
        if (rejected > 0) {
          b.setPartialSuccess(
              ExportLogsPartialSuccess.newBuilder()
                  .setRejectedLogRecords(rejected)
                  .setErrorMessage(msg));
        }
        yield b.build();
      }
      case METRICS, PROFILES -> {
        ExportMetricsServiceResponse.Builder b = ExportMetricsServiceResponse.newBuilder();
        if (rejected > 0) {
          b.setPartialSuccess(
              ExportMetricsPartialSuccess.newBuilder()
                  .setRejectedDataPoints(rejected)
                  .setErrorMessage(msg));
        }
        yield b.build();
      }
    };
  }

  static byte[] encodeJson(Message message) {
    return OtlpDecoder.printJson(message).getBytes(StandardCharsets.UTF_8);
  }
}
