package io.mirador.core.ingest;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaves out items the store cannot index and OTLP calls invalid, and counts them for partial
 * success: spans without a 16-byte non-zero trace id or an 8-byte non-zero span id, log records
 * with ids of the wrong length, metrics without a name or data. Everything else passes unchanged; a
 * request without invalid items is returned as the same lists (no copy).
 */
final class OtlpValidation {
  private OtlpValidation() {}

  /** The valid part of a request, the number of items kept and left out, and why. */
  record Checked<T>(List<T> valid, int accepted, int rejected, String message) {}

  static Checked<ResourceSpans> spans(List<ResourceSpans> in) {
    int accepted = 0;
    int rejected = 0;
    for (ResourceSpans rs : in) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          if (validSpan(span)) {
            accepted++;
          } else {
            rejected++;
          }
        }
      }
    }
    if (rejected == 0) {
      return new Checked<>(in, accepted, 0, "");
    }
    List<ResourceSpans> out = new ArrayList<>(in.size());
    for (ResourceSpans rs : in) {
      ResourceSpans.Builder rb = rs.toBuilder().clearScopeSpans();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ScopeSpans.Builder sb = ss.toBuilder().clearSpans();
        for (Span span : ss.getSpansList()) {
          if (validSpan(span)) {
            sb.addSpans(span);
          }
        }
        if (sb.getSpansCount() > 0) {
          rb.addScopeSpans(sb);
        }
      }
      if (rb.getScopeSpansCount() > 0) {
        out.add(rb.build());
      }
    }
    return new Checked<>(
        out,
        accepted,
        rejected,
        rejected + " span(s) without a 16-byte non-zero trace_id and an 8-byte non-zero span_id");
  }

  static Checked<ResourceLogs> logs(List<ResourceLogs> in) {
    int accepted = 0;
    int rejected = 0;
    for (ResourceLogs rl : in) {
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord log : sl.getLogRecordsList()) {
          if (validLog(log)) {
            accepted++;
          } else {
            rejected++;
          }
        }
      }
    }
    if (rejected == 0) {
      return new Checked<>(in, accepted, 0, "");
    }
    List<ResourceLogs> out = new ArrayList<>(in.size());
    for (ResourceLogs rl : in) {
      ResourceLogs.Builder rb = rl.toBuilder().clearScopeLogs();
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        ScopeLogs.Builder sb = sl.toBuilder().clearLogRecords();
        for (LogRecord log : sl.getLogRecordsList()) {
          if (validLog(log)) {
            sb.addLogRecords(log);
          }
        }
        if (sb.getLogRecordsCount() > 0) {
          rb.addScopeLogs(sb);
        }
      }
      if (rb.getScopeLogsCount() > 0) {
        out.add(rb.build());
      }
    }
    return new Checked<>(
        out,
        accepted,
        rejected,
        rejected
            + " log record(s) with a trace_id that is not 16 bytes or a span_id that is not 8");
  }

  static Checked<ResourceMetrics> metrics(List<ResourceMetrics> in) {
    int accepted = 0;
    int rejected = 0;
    for (ResourceMetrics rm : in) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric metric : sm.getMetricsList()) {
          int points = points(metric);
          if (validMetric(metric)) {
            accepted += points;
          } else {
            rejected += Math.max(points, 1);
          }
        }
      }
    }
    if (rejected == 0) {
      return new Checked<>(in, accepted, 0, "");
    }
    List<ResourceMetrics> out = new ArrayList<>(in.size());
    for (ResourceMetrics rm : in) {
      ResourceMetrics.Builder rb = rm.toBuilder().clearScopeMetrics();
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        ScopeMetrics.Builder sb = sm.toBuilder().clearMetrics();
        for (Metric metric : sm.getMetricsList()) {
          if (validMetric(metric)) {
            sb.addMetrics(metric);
          }
        }
        if (sb.getMetricsCount() > 0) {
          rb.addScopeMetrics(sb);
        }
      }
      if (rb.getScopeMetricsCount() > 0) {
        out.add(rb.build());
      }
    }
    return new Checked<>(
        out, accepted, rejected, rejected + " data point(s) of metrics without a name or data");
  }

  private static boolean validSpan(Span span) {
    return span.getTraceId().size() == 16
        && !zero(span.getTraceId())
        && span.getSpanId().size() == 8
        && !zero(span.getSpanId())
        && (span.getParentSpanId().isEmpty() || span.getParentSpanId().size() == 8);
  }

  private static boolean validLog(LogRecord log) {
    return (log.getTraceId().isEmpty() || log.getTraceId().size() == 16)
        && (log.getSpanId().isEmpty() || log.getSpanId().size() == 8);
  }

  private static boolean validMetric(Metric metric) {
    return !metric.getName().isEmpty() && metric.getDataCase() != Metric.DataCase.DATA_NOT_SET;
  }

  static int points(Metric metric) {
    return switch (metric.getDataCase()) {
      case GAUGE -> metric.getGauge().getDataPointsCount();
      case SUM -> metric.getSum().getDataPointsCount();
      case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> metric.getSummary().getDataPointsCount();
      case DATA_NOT_SET -> 0;
    };
  }

  private static boolean zero(ByteString bytes) {
    for (int i = 0; i < bytes.size(); i++) {
      if (bytes.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }
}
