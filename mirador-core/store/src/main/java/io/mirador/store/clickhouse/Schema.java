package io.mirador.store.clickhouse;

import java.util.ArrayList;
import java.util.List;

/**
 * The storage schema, generated once for both transports. It follows the OpenTelemetry Collector
 * ClickHouse exporter ({@code otel_traces}, {@code otel_traces_trace_id_ts} and its materialized
 * view, {@code otel_logs}, {@code otel_metrics_*}) so that existing queries and dashboards carry
 * over, with two additions: {@code TenantId} leads every sort key, and {@code RetentionDays} on
 * every row drives a per-row TTL, so tenants with different retention share one table. The
 * exporter's four bloom filters on attribute maps are left out: they cost about a quarter of the
 * engine's insert time, key filters skip almost nothing because every span of a service carries the
 * same keys, and value filters help only exact attribute lookups, which run within one tenant's
 * time range anyway (benchmarks/README.md).
 */
final class Schema {
  private static final String ATTRS = "Map(LowCardinality(String), String) CODEC(ZSTD(1))";
  private static final String TENANCY =
      "TenantId LowCardinality(String) CODEC(ZSTD(1)), RetentionDays UInt16 CODEC(ZSTD(1))";
  // ttl_only_drop_parts = 0: rows of tenants with different retention share parts, so TTL must
  // delete rows, not wait for a whole part to expire.
  private static final String SETTINGS =
      "SETTINGS index_granularity = 8192, ttl_only_drop_parts = 0";

  static final Table TRACES =
      new Table(
          "otel_traces",
          TENANCY
              + """
              , Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
              TraceId String CODEC(ZSTD(1)),
              SpanId String CODEC(ZSTD(1)),
              ParentSpanId String CODEC(ZSTD(1)),
              TraceState String CODEC(ZSTD(1)),
              SpanName LowCardinality(String) CODEC(ZSTD(1)),
              SpanKind LowCardinality(String) CODEC(ZSTD(1)),
              ServiceName LowCardinality(String) CODEC(ZSTD(1)),
              ResourceAttributes %1$s,
              ScopeName String CODEC(ZSTD(1)),
              ScopeVersion String CODEC(ZSTD(1)),
              SpanAttributes %1$s,
              Duration UInt64 CODEC(ZSTD(1)),
              StatusCode LowCardinality(String) CODEC(ZSTD(1)),
              StatusMessage String CODEC(ZSTD(1)),
              Events Nested (
                Timestamp DateTime64(9),
                Name LowCardinality(String),
                Attributes Map(LowCardinality(String), String)
              ) CODEC(ZSTD(1)),
              Links Nested (
                TraceId String,
                SpanId String,
                TraceState String,
                Attributes Map(LowCardinality(String), String)
              ) CODEC(ZSTD(1)),
              INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
              INDEX idx_duration Duration TYPE minmax GRANULARITY 1
              """
                  .formatted(ATTRS),
          "PARTITION BY toDate(Timestamp)"
              + " ORDER BY (TenantId, ServiceName, SpanName, toDateTime(Timestamp))"
              + " TTL toDateTime(Timestamp) + toIntervalDay(RetentionDays) "
              + SETTINGS,
          "cityHash64(TraceId)");

  static final Table TRACE_ID_TS =
      new Table(
          "otel_traces_trace_id_ts",
          TENANCY
              + """
              , TraceId String CODEC(ZSTD(1)),
              Start DateTime CODEC(Delta, ZSTD(1)),
              End DateTime CODEC(Delta, ZSTD(1)),
              INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1
              """,
          "PARTITION BY toDate(Start)"
              + " ORDER BY (TenantId, TraceId, Start)"
              + " TTL Start + toIntervalDay(RetentionDays) "
              + SETTINGS,
          "cityHash64(TraceId)");

  static final Table LOGS =
      new Table(
          "otel_logs",
          TENANCY
              + """
              , Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
              TimestampTime DateTime DEFAULT toDateTime(Timestamp),
              TraceId String CODEC(ZSTD(1)),
              SpanId String CODEC(ZSTD(1)),
              TraceFlags UInt8,
              SeverityText LowCardinality(String) CODEC(ZSTD(1)),
              SeverityNumber UInt8,
              ServiceName LowCardinality(String) CODEC(ZSTD(1)),
              Body String CODEC(ZSTD(1)),
              ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
              ResourceAttributes %1$s,
              ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
              ScopeName String CODEC(ZSTD(1)),
              ScopeVersion LowCardinality(String) CODEC(ZSTD(1)),
              ScopeAttributes %1$s,
              LogAttributes %1$s,
              INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
              INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
              """
                  .formatted(ATTRS),
          "PARTITION BY toDate(TimestampTime)"
              + " PRIMARY KEY (TenantId, ServiceName, TimestampTime)"
              + " ORDER BY (TenantId, ServiceName, TimestampTime, Timestamp)"
              + " TTL TimestampTime + toIntervalDay(RetentionDays) "
              + SETTINGS,
          "cityHash64(TenantId, ServiceName)");

  /** Columns every metric table starts with, as in the exporter. */
  private static final String METRIC_COMMON =
      TENANCY
          + """
          , ResourceAttributes %1$s,
          ResourceSchemaUrl String CODEC(ZSTD(1)),
          ScopeName String CODEC(ZSTD(1)),
          ScopeVersion String CODEC(ZSTD(1)),
          ScopeAttributes %1$s,
          ScopeDroppedAttrCount UInt32 CODEC(ZSTD(1)),
          ScopeSchemaUrl String CODEC(ZSTD(1)),
          ServiceName LowCardinality(String) CODEC(ZSTD(1)),
          MetricName String CODEC(ZSTD(1)),
          MetricDescription String CODEC(ZSTD(1)),
          MetricUnit String CODEC(ZSTD(1)),
          Attributes %1$s,
          StartTimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
          TimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
          """
              .formatted(ATTRS);

  private static final String EXEMPLARS =
      """
      Exemplars Nested (
        FilteredAttributes Map(LowCardinality(String), String),
        TimeUnix DateTime64(9),
        Value Float64,
        SpanId String,
        TraceId String
      ) CODEC(ZSTD(1)),
      """;

  private static final String METRIC_LAYOUT =
      "PARTITION BY toDate(TimeUnix)"
          + " ORDER BY (TenantId, ServiceName, MetricName, toUnixTimestamp64Nano(TimeUnix))"
          + " TTL toDateTime(TimeUnix) + toIntervalDay(RetentionDays) "
          + SETTINGS;

  private static final String METRIC_SHARDING = "cityHash64(TenantId, ServiceName, MetricName)";

  static final Table METRICS_GAUGE =
      metricTable(
          "otel_metrics_gauge",
          """
          Value Float64 CODEC(ZSTD(1)),
          Flags UInt32 CODEC(ZSTD(1)),
          """
              + EXEMPLARS);

  static final Table METRICS_SUM =
      metricTable(
          "otel_metrics_sum",
          """
          Value Float64 CODEC(ZSTD(1)),
          Flags UInt32 CODEC(ZSTD(1)),
          """
              + EXEMPLARS
              + """
              AggregationTemporality Int32 CODEC(ZSTD(1)),
              IsMonotonic Boolean CODEC(Delta, ZSTD(1)),
              """);

  static final Table METRICS_HISTOGRAM =
      metricTable(
          "otel_metrics_histogram",
          """
          Count UInt64 CODEC(Delta, ZSTD(1)),
          Sum Float64 CODEC(ZSTD(1)),
          BucketCounts Array(UInt64) CODEC(ZSTD(1)),
          ExplicitBounds Array(Float64) CODEC(ZSTD(1)),
          """
              + EXEMPLARS
              + """
              Flags UInt32 CODEC(ZSTD(1)),
              Min Float64 CODEC(ZSTD(1)),
              Max Float64 CODEC(ZSTD(1)),
              AggregationTemporality Int32 CODEC(ZSTD(1)),
              """);

  static final Table METRICS_EXP_HISTOGRAM =
      metricTable(
          "otel_metrics_exponential_histogram",
          """
          Count UInt64 CODEC(Delta, ZSTD(1)),
          Sum Float64 CODEC(ZSTD(1)),
          Scale Int32 CODEC(ZSTD(1)),
          ZeroCount UInt64 CODEC(ZSTD(1)),
          PositiveOffset Int32 CODEC(ZSTD(1)),
          PositiveBucketCounts Array(UInt64) CODEC(ZSTD(1)),
          NegativeOffset Int32 CODEC(ZSTD(1)),
          NegativeBucketCounts Array(UInt64) CODEC(ZSTD(1)),
          """
              + EXEMPLARS
              + """
              Flags UInt32 CODEC(ZSTD(1)),
              Min Float64 CODEC(ZSTD(1)),
              Max Float64 CODEC(ZSTD(1)),
              AggregationTemporality Int32 CODEC(ZSTD(1)),
              """);

  static final Table METRICS_SUMMARY =
      metricTable(
          "otel_metrics_summary",
          """
          Count UInt64 CODEC(Delta, ZSTD(1)),
          Sum Float64 CODEC(ZSTD(1)),
          ValueAtQuantiles Nested(
            Quantile Float64,
            Value Float64
          ) CODEC(ZSTD(1)),
          Flags UInt32 CODEC(ZSTD(1)),
          """);

  /** Every data table, in creation order. */
  static final List<Table> DATA_TABLES =
      List.of(
          TRACES,
          TRACE_ID_TS,
          LOGS,
          METRICS_GAUGE,
          METRICS_SUM,
          METRICS_HISTOGRAM,
          METRICS_EXP_HISTOGRAM,
          METRICS_SUMMARY);

  static final String TRACE_ID_TS_VIEW = "otel_traces_trace_id_ts_mv";

  private Schema() {}

  private static Table metricTable(String name, String typeColumns) {
    return new Table(
        name, withoutTrailingComma(METRIC_COMMON + typeColumns), METRIC_LAYOUT, METRIC_SHARDING);
  }

  private static String withoutTrailingComma(String columns) {
    String trimmed = columns.strip();
    return trimmed.endsWith(",") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }

  /** The statements of the first migration: database, tables and the trace-id view. */
  static List<String> initialStatements(SchemaOptions options) {
    List<String> statements = new ArrayList<>();
    String onCluster = options.cluster().map(c -> " ON CLUSTER " + c).orElse("");
    statements.add("CREATE DATABASE IF NOT EXISTS " + options.database() + onCluster);
    for (Table table : DATA_TABLES) {
      statements.addAll(table.createStatements(options));
    }
    String db = options.database();
    // On a cluster the view reads each node's local spans and writes its local lookup rows: the
    // spans are sharded by trace id, so a trace's lookup row lands on the shard of its spans.
    statements.add(
        ("CREATE MATERIALIZED VIEW IF NOT EXISTS %s.%s%s TO %s.%s AS SELECT TenantId, TraceId,"
                + " min(Timestamp) AS Start, max(Timestamp) AS End, max(RetentionDays) AS"
                + " RetentionDays FROM %s.%s WHERE TraceId != '' GROUP BY TenantId, TraceId")
            .formatted(
                db,
                TRACE_ID_TS_VIEW,
                onCluster,
                db,
                TRACE_ID_TS.storageName(options),
                db,
                TRACES.storageName(options)));
    return statements;
  }
}
