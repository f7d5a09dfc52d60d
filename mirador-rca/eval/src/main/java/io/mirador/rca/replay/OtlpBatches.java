package io.mirador.rca.replay;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
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
 * Cuts requests into batches of at most {@link #MAX_ITEMS} spans, log records or data points, the
 * size an agent sends, well under the core's batch limits. Resources and scopes are kept; a metric
 * is never cut (its points stay in one batch).
 */
final class OtlpBatches {
  static final int MAX_ITEMS = 10_000;

  private OtlpBatches() {}

  static List<ExportTraceServiceRequest> split(ExportTraceServiceRequest request) {
    List<ExportTraceServiceRequest> out = new ArrayList<>();
    ExportTraceServiceRequest.Builder batch = ExportTraceServiceRequest.newBuilder();
    int items = 0;
    for (ResourceSpans resource : request.getResourceSpansList()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        List<Span> spans = scope.getSpansList();
        for (int from = 0; from < spans.size(); ) {
          if (items == MAX_ITEMS) {
            out.add(batch.build());
            batch = ExportTraceServiceRequest.newBuilder();
            items = 0;
          }
          int to = Math.min(spans.size(), from + MAX_ITEMS - items);
          batch.addResourceSpans(
              resource.toBuilder()
                  .clearScopeSpans()
                  .addScopeSpans(
                      scope.toBuilder().clearSpans().addAllSpans(spans.subList(from, to))));
          items += to - from;
          from = to;
        }
      }
    }
    if (items > 0) {
      out.add(batch.build());
    }
    return out;
  }

  static List<ExportLogsServiceRequest> split(ExportLogsServiceRequest request) {
    List<ExportLogsServiceRequest> out = new ArrayList<>();
    ExportLogsServiceRequest.Builder batch = ExportLogsServiceRequest.newBuilder();
    int items = 0;
    for (ResourceLogs resource : request.getResourceLogsList()) {
      for (ScopeLogs scope : resource.getScopeLogsList()) {
        List<LogRecord> records = scope.getLogRecordsList();
        for (int from = 0; from < records.size(); ) {
          if (items == MAX_ITEMS) {
            out.add(batch.build());
            batch = ExportLogsServiceRequest.newBuilder();
            items = 0;
          }
          int to = Math.min(records.size(), from + MAX_ITEMS - items);
          batch.addResourceLogs(
              resource.toBuilder()
                  .clearScopeLogs()
                  .addScopeLogs(
                      scope.toBuilder()
                          .clearLogRecords()
                          .addAllLogRecords(records.subList(from, to))));
          items += to - from;
          from = to;
        }
      }
    }
    if (items > 0) {
      out.add(batch.build());
    }
    return out;
  }

  static List<ExportMetricsServiceRequest> split(ExportMetricsServiceRequest request) {
    List<ExportMetricsServiceRequest> out = new ArrayList<>();
    ExportMetricsServiceRequest.Builder batch = ExportMetricsServiceRequest.newBuilder();
    int items = 0;
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          int points = points(metric);
          if (items > 0 && items + points > MAX_ITEMS) {
            out.add(batch.build());
            batch = ExportMetricsServiceRequest.newBuilder();
            items = 0;
          }
          batch.addResourceMetrics(
              resource.toBuilder()
                  .clearScopeMetrics()
                  .addScopeMetrics(scope.toBuilder().clearMetrics().addMetrics(metric)));
          items += points;
        }
      }
    }
    if (items > 0 || batch.getResourceMetricsCount() > 0) {
      out.add(batch.build());
    }
    return out;
  }

  private static int points(Metric metric) {
    return switch (metric.getDataCase()) {
      case GAUGE -> metric.getGauge().getDataPointsCount();
      case SUM -> metric.getSum().getDataPointsCount();
      case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> metric.getSummary().getDataPointsCount();
      case DATA_NOT_SET -> 0;
    };
  }
}
