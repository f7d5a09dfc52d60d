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

  /**
   * Parts below this uncompressed size are written in the compact format (all columns in one file)
   * rather than the wide one (two files per column and per map or nested substream, about a hundred
   * for a span part). An insert of 16,000 spans is about 14 MiB, above ClickHouse's 10 MiB default,
   * so every insert and every early merge created and later deleted a hundred files; in the engine
   * experiment the file system's inode work alone was a fifth of the engine's CPU
   * (benchmarks/README.md). The core's own inserts (~8,000 spans) were compact already; the parts
   * its merges write up to 256 MiB now are too.
   */
  static final long MIN_BYTES_FOR_WIDE_PART = 256L << 20;

  /**
   * How many parts of similar size the background merges wait for before merging them: ClickHouse's
   * default of 5 rewrote every span about 3.3 times within 800,000 spans inserted 8,000 at a time,
   * 10 about 1.7 times (benchmarks/README.md). Merges were the engine's largest cost at ingest; the
   * price is up to twice as many parts per level for reads to open.
   */
  static final int MERGE_SELECTOR_BASE = 10;

  /**
   * The statements of migration 3: compact parts up to {@link #MIN_BYTES_FOR_WIDE_PART}, wider
   * merges ({@link #MERGE_SELECTOR_BASE}).
   */
  static List<String> partSettingStatements(SchemaOptions options) {
    String onCluster = options.cluster().map(c -> " ON CLUSTER " + c).orElse("");
    List<String> statements = new ArrayList<>();
    for (Table table : DATA_TABLES) {
      statements.add(
          ("ALTER TABLE %s.%s%s MODIFY SETTING min_bytes_for_wide_part = %d,"
                  + " merge_selector_base = %d")
              .formatted(
                  options.database(),
                  table.storageName(options),
                  onCluster,
                  MIN_BYTES_FOR_WIDE_PART,
                  MERGE_SELECTOR_BASE));
    }
    return statements;
  }

  /**
   * Inserts remembered per table for insert deduplication: the core repeats a write only at start,
   * before any other insert, so a few would do; 1,000 leaves room for writes that span many
   * partitions and costs a small file per table (store RATIONALE.md, exactly once).
   */
  static final int DEDUPLICATION_WINDOW = 1000;

  /** How long a replicated table remembers an insert: a core down for a week still repeats. */
  static final long REPLICATED_DEDUPLICATION_SECONDS = 7L * 24 * 3600;

  /**
   * Migration 7: every data table and the redaction counts keep a deduplication window, so that a
   * write repeated with its {@code insert_deduplication_token} is dropped. MergeTree has none by
   * default; a replicated table has one (in Keeper), which is sized the same and kept for a week.
   */
  static List<String> deduplicationStatements(SchemaOptions options) {
    List<String> statements = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    for (Table table : DATA_TABLES) {
      tables.add(table.storageName(options));
    }
    // The redaction counts are written with the telemetry they count, under the same token.
    tables.add(RedactionSchema.storageName(options));
    for (String name : tables) {
      String target = options.database() + "." + name;
      statements.add(
          options.clustered()
              ? ("ALTER TABLE %s ON CLUSTER %s MODIFY SETTING replicated_deduplication_window = %d,"
                      + " replicated_deduplication_window_seconds = %d")
                  .formatted(
                      target,
                      options.cluster().orElseThrow(),
                      DEDUPLICATION_WINDOW,
                      REPLICATED_DEDUPLICATION_SECONDS)
              : "ALTER TABLE %s MODIFY SETTING non_replicated_deduplication_window = %d"
                  .formatted(target, DEDUPLICATION_WINDOW));
    }
    return statements;
  }

  /**
   * Span columns that migration 4 moves from ZSTD(1) to the default codec (LZ4): every insert
   * column but the timestamp, spelled out rather than derived from {@code SpanRows.COLUMNS},
   * because a migration that has run must not change when the insert columns do.
   */
  static final List<String> SPAN_COLUMNS_RECOMPRESSED_LATER =
      List.of(
          "TenantId",
          "RetentionDays",
          "TraceId",
          "SpanId",
          "ParentSpanId",
          "TraceState",
          "SpanName",
          "SpanKind",
          "ServiceName",
          "ResourceAttributes",
          "ScopeName",
          "ScopeVersion",
          "SpanAttributes",
          "Duration",
          "StatusCode",
          "StatusMessage",
          "Events.Timestamp",
          "Events.Name",
          "Events.Attributes",
          "Links.TraceId",
          "Links.SpanId",
          "Links.TraceState",
          "Links.Attributes");

  /** Spans are written with LZ4 and recompressed with ZSTD(1) once they are this many days old. */
  static final int SPAN_RECOMPRESS_AFTER_DAYS = 1;

  /**
   * The statements of migration 4: span columns without an explicit codec, so that parts are
   * written and merged with the default codec (LZ4 in the embedded engine and in a server's default
   * configuration), and a recompression TTL that rewrites parts whose spans are all older than
   * {@link #SPAN_RECOMPRESS_AFTER_DAYS} with ZSTD(1). The timestamp keeps its explicit {@code
   * Delta, ZSTD(1)}: eight bytes a span, not worth a pass. Existing parts stay as they are
   * (ZSTD(1)); the TTL is not materialised, which would rewrite the whole store at start.
   */
  static List<String> spanCodecStatements(SchemaOptions options) {
    String onCluster = options.cluster().map(c -> " ON CLUSTER " + c).orElse("");
    String table = options.database() + "." + TRACES.storageName(options) + onCluster;
    List<String> removeCodecs = new ArrayList<>();
    for (String column : SPAN_COLUMNS_RECOMPRESSED_LATER) {
      removeCodecs.add("MODIFY COLUMN `" + column + "` REMOVE CODEC");
    }
    return List.of(
        "ALTER TABLE " + table + " " + String.join(", ", removeCodecs),
        "ALTER TABLE "
            + table
            + " MODIFY TTL toDateTime(Timestamp) + toIntervalDay(RetentionDays),"
            + " toDateTime(Timestamp) + toIntervalDay("
            + SPAN_RECOMPRESS_AFTER_DAYS
            + ") RECOMPRESS CODEC(ZSTD(1)) SETTINGS materialize_ttl_after_modify = 0");
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
