package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.AttributeValues.writeHexId;
import static io.mirador.store.clickhouse.AttributeValues.writeMap;

import io.mirador.store.MetricType;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes OTLP metric data points as rows of the five {@code otel_metrics_*} tables, one sink per
 * metric type.
 */
final class MetricRows {
  private static final List<String> COMMON =
      List.of(
          "TenantId",
          "RetentionDays",
          "ResourceAttributes",
          "ResourceSchemaUrl",
          "ScopeName",
          "ScopeVersion",
          "ScopeAttributes",
          "ScopeDroppedAttrCount",
          "ScopeSchemaUrl",
          "ServiceName",
          "MetricName",
          "MetricDescription",
          "MetricUnit",
          "Attributes",
          "StartTimeUnix",
          "TimeUnix");
  private static final List<String> EXEMPLARS =
      List.of(
          "Exemplars.FilteredAttributes",
          "Exemplars.TimeUnix",
          "Exemplars.Value",
          "Exemplars.SpanId",
          "Exemplars.TraceId");

  static final Map<MetricType, List<String>> COLUMNS = new EnumMap<>(MetricType.class);

  static {
    COLUMNS.put(MetricType.GAUGE, concat(List.of(COMMON, List.of("Value", "Flags"), EXEMPLARS)));
    COLUMNS.put(
        MetricType.SUM,
        concat(
            List.of(
                COMMON,
                List.of("Value", "Flags"),
                EXEMPLARS,
                List.of("AggregationTemporality", "IsMonotonic"))));
    COLUMNS.put(
        MetricType.HISTOGRAM,
        concat(
            List.of(
                COMMON,
                List.of("Count", "Sum", "BucketCounts", "ExplicitBounds"),
                EXEMPLARS,
                List.of("Flags", "Min", "Max", "AggregationTemporality"))));
    COLUMNS.put(
        MetricType.EXPONENTIAL_HISTOGRAM,
        concat(
            List.of(
                COMMON,
                List.of(
                    "Count",
                    "Sum",
                    "Scale",
                    "ZeroCount",
                    "PositiveOffset",
                    "PositiveBucketCounts",
                    "NegativeOffset",
                    "NegativeBucketCounts"),
                EXEMPLARS,
                List.of("Flags", "Min", "Max", "AggregationTemporality"))));
    COLUMNS.put(
        MetricType.SUMMARY,
        concat(
            List.of(
                COMMON,
                List.of(
                    "Count",
                    "Sum",
                    "ValueAtQuantiles.Quantile",
                    "ValueAtQuantiles.Value",
                    "Flags"))));
  }

  private MetricRows() {}

  private static List<String> concat(List<List<String>> parts) {
    return parts.stream().flatMap(List::stream).toList();
  }

  /** One sink per metric type. */
  interface Sinks {
    RowSink sink(MetricType type);
  }

  /**
   * Writes every data point of {@code resourceMetrics} to the sink of its type; returns the number
   * of rows per type. A metric with no data (type not set) writes nothing.
   */
  static void write(
      Sinks sinks,
      String tenant,
      int retentionDays,
      ResourceMetrics resourceMetrics,
      Map<MetricType, Integer> counts) {
    Context context = new Context(tenant, retentionDays, resourceMetrics);
    for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
      for (Metric metric : scopeMetrics.getMetricsList()) {
        MetricRow row = new MetricRow(context, scopeMetrics, metric);
        switch (metric.getDataCase()) {
          case GAUGE -> {
            RowSink sink = sinks.sink(MetricType.GAUGE);
            for (NumberDataPoint point : metric.getGauge().getDataPointsList()) {
              row.begin(sink, point);
              number(sink, point);
              sink.endRow();
            }
            counts.merge(MetricType.GAUGE, metric.getGauge().getDataPointsCount(), Integer::sum);
          }
          case SUM -> {
            RowSink sink = sinks.sink(MetricType.SUM);
            for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
              row.begin(sink, point);
              number(sink, point);
              sink.int32(metric.getSum().getAggregationTemporalityValue());
              sink.bool(metric.getSum().getIsMonotonic());
              sink.endRow();
            }
            counts.merge(MetricType.SUM, metric.getSum().getDataPointsCount(), Integer::sum);
          }
          case HISTOGRAM -> {
            RowSink sink = sinks.sink(MetricType.HISTOGRAM);
            for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
              row.begin(sink, point);
              sink.uint64(point.getCount());
              sink.float64(point.getSum());
              uint64s(sink, point.getBucketCountsList());
              sink.beginArray(point.getExplicitBoundsCount());
              for (double bound : point.getExplicitBoundsList()) {
                sink.float64(bound);
              }
              sink.endArray();
              histogramTail(
                  sink,
                  point.getExemplarsList(),
                  point.getFlags(),
                  point.getMin(),
                  point.getMax(),
                  metric.getHistogram().getAggregationTemporalityValue());
            }
            counts.merge(
                MetricType.HISTOGRAM, metric.getHistogram().getDataPointsCount(), Integer::sum);
          }
          case EXPONENTIAL_HISTOGRAM -> {
            RowSink sink = sinks.sink(MetricType.EXPONENTIAL_HISTOGRAM);
            for (ExponentialHistogramDataPoint point :
                metric.getExponentialHistogram().getDataPointsList()) {
              row.begin(sink, point);
              sink.uint64(point.getCount());
              sink.float64(point.getSum());
              sink.int32(point.getScale());
              sink.uint64(point.getZeroCount());
              sink.int32(point.getPositive().getOffset());
              uint64s(sink, point.getPositive().getBucketCountsList());
              sink.int32(point.getNegative().getOffset());
              uint64s(sink, point.getNegative().getBucketCountsList());
              histogramTail(
                  sink,
                  point.getExemplarsList(),
                  point.getFlags(),
                  point.getMin(),
                  point.getMax(),
                  metric.getExponentialHistogram().getAggregationTemporalityValue());
            }
            counts.merge(
                MetricType.EXPONENTIAL_HISTOGRAM,
                metric.getExponentialHistogram().getDataPointsCount(),
                Integer::sum);
          }
          case SUMMARY -> {
            RowSink sink = sinks.sink(MetricType.SUMMARY);
            for (SummaryDataPoint point : metric.getSummary().getDataPointsList()) {
              row.begin(sink, point);
              sink.uint64(point.getCount());
              sink.float64(point.getSum());
              List<SummaryDataPoint.ValueAtQuantile> quantiles = point.getQuantileValuesList();
              sink.beginArray(quantiles.size());
              for (SummaryDataPoint.ValueAtQuantile q : quantiles) {
                sink.float64(q.getQuantile());
              }
              sink.endArray();
              sink.beginArray(quantiles.size());
              for (SummaryDataPoint.ValueAtQuantile q : quantiles) {
                sink.float64(q.getValue());
              }
              sink.endArray();
              sink.uint32(point.getFlags());
              sink.endRow();
            }
            counts.merge(
                MetricType.SUMMARY, metric.getSummary().getDataPointsCount(), Integer::sum);
          }
          case DATA_NOT_SET -> {}
        }
      }
    }
  }

  private static void number(RowSink sink, NumberDataPoint point) {
    sink.float64(
        point.getValueCase() == NumberDataPoint.ValueCase.AS_INT
            ? (double) point.getAsInt()
            : point.getAsDouble());
    sink.uint32(point.getFlags());
    exemplars(sink, point.getExemplarsList());
  }

  /** The columns both histogram tables end with, then the end of the row. */
  private static void histogramTail(
      RowSink sink,
      List<Exemplar> exemplars,
      int flags,
      double min,
      double max,
      int aggregationTemporality) {
    exemplars(sink, exemplars);
    sink.uint32(flags);
    sink.float64(min);
    sink.float64(max);
    sink.int32(aggregationTemporality);
    sink.endRow();
  }

  private static void uint64s(RowSink sink, List<Long> values) {
    sink.beginArray(values.size());
    for (long value : values) {
      sink.uint64(value);
    }
    sink.endArray();
  }

  private static void exemplars(RowSink sink, List<Exemplar> exemplars) {
    sink.beginArray(exemplars.size());
    for (Exemplar e : exemplars) {
      writeMap(sink, e.getFilteredAttributesList());
    }
    sink.endArray();
    sink.beginArray(exemplars.size());
    for (Exemplar e : exemplars) {
      sink.dateTime64Nanos(e.getTimeUnixNano());
    }
    sink.endArray();
    sink.beginArray(exemplars.size());
    for (Exemplar e : exemplars) {
      sink.float64(
          e.getValueCase() == Exemplar.ValueCase.AS_INT ? (double) e.getAsInt() : e.getAsDouble());
    }
    sink.endArray();
    sink.beginArray(exemplars.size());
    for (Exemplar e : exemplars) {
      writeHexId(sink, e.getSpanId());
    }
    sink.endArray();
    sink.beginArray(exemplars.size());
    for (Exemplar e : exemplars) {
      writeHexId(sink, e.getTraceId());
    }
    sink.endArray();
  }

  /** Starts the rows of one metric: the shared columns, then the data point's own. */
  private record MetricRow(Context context, ScopeMetrics scope, Metric metric) {
    void begin(RowSink sink, NumberDataPoint p) {
      begin(sink, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
    }

    void begin(RowSink sink, HistogramDataPoint p) {
      begin(sink, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
    }

    void begin(RowSink sink, ExponentialHistogramDataPoint p) {
      begin(sink, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
    }

    void begin(RowSink sink, SummaryDataPoint p) {
      begin(sink, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
    }

    private void begin(RowSink sink, List<KeyValue> attributes, long start, long time) {
      context.common(sink, scope, metric, attributes, start, time);
    }
  }

  /** What every row of one resource shares. */
  private record Context(String tenant, int retentionDays, ResourceMetrics resourceMetrics) {
    void common(
        RowSink sink,
        ScopeMetrics scopeMetrics,
        Metric metric,
        List<KeyValue> attributes,
        long start,
        long time) {
      sink.beginRow();
      sink.string(tenant);
      sink.uint16(retentionDays);
      writeMap(sink, resourceMetrics.getResource().getAttributesList());
      sink.string(resourceMetrics.getSchemaUrl());
      sink.string(scopeMetrics.getScope().getName());
      sink.string(scopeMetrics.getScope().getVersion());
      writeMap(sink, scopeMetrics.getScope().getAttributesList());
      sink.uint32(scopeMetrics.getScope().getDroppedAttributesCount());
      sink.string(scopeMetrics.getSchemaUrl());
      sink.string(ServiceNames.of(resourceMetrics.getResource()));
      sink.string(metric.getName());
      sink.string(metric.getDescription());
      sink.string(metric.getUnit());
      writeMap(sink, attributes);
      sink.dateTime64Nanos(start);
      sink.dateTime64Nanos(time);
    }
  }
}
