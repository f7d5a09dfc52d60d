package io.mirador.store.clickhouse;

import static java.util.Objects.requireNonNull;

import io.mirador.store.DependencyEdge;
import io.mirador.store.EdgeLatencyMinute;
import io.mirador.store.EncodedRows;
import io.mirador.store.EventPairMinute;
import io.mirador.store.FeatureQuery;
import io.mirador.store.InsertToken;
import io.mirador.store.LogPatternMinute;
import io.mirador.store.LogQuery;
import io.mirador.store.MetricQuery;
import io.mirador.store.MetricSeries;
import io.mirador.store.MetricType;
import io.mirador.store.OperationMinute;
import io.mirador.store.Page;
import io.mirador.store.Retention;
import io.mirador.store.SelfTimeMinute;
import io.mirador.store.ServiceMinute;
import io.mirador.store.SpanEventMinute;
import io.mirador.store.SpanQuery;
import io.mirador.store.StoreException;
import io.mirador.store.StoreStats;
import io.mirador.store.StoredLog;
import io.mirador.store.StoredSpan;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import io.mirador.store.TraceSummary;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TelemetryStore} on ClickHouse. It generates all SQL, once, for both transports;
 * applies the schema migrations when it is created; writes in RowBinary (or JSONEachRow, for
 * comparison); and reads in JSONEachRow with every caller value bound as a parameter.
 */
public final class ClickHouseTelemetryStore implements TelemetryStore {
  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseTelemetryStore.class);
  private static final int INITIAL_BATCH_BYTES = 64 * 1024;

  private final ClickHouseTransport transport;
  private final InsertFormat insertFormat;
  private final Sql sql;
  private final int schemaVersion;
  private final LongAdder spansWritten = new LongAdder();
  private final LongAdder logsWritten = new LongAdder();
  private final LongAdder pointsWritten = new LongAdder();
  private final LongAdder invalidRequests = new LongAdder();
  private final LongAdder failedWrites = new LongAdder();
  private final LongAdder failedReads = new LongAdder();

  private ClickHouseTelemetryStore(
      ClickHouseTransport transport, SchemaOptions options, InsertFormat insertFormat) {
    this.transport = transport;
    this.insertFormat = insertFormat;
    this.sql = new Sql(options);
    Migrations.Outcome migrated = new Migrations(transport, options).apply();
    this.schemaVersion = migrated.version();
    LOG.info(
        "store ready on {} (schema version {}, {} migrations applied now)",
        transport.describe(),
        schemaVersion,
        migrated.applied());
  }

  /**
   * Opens a store on {@code transport}, applying pending migrations.
   *
   * @throws io.mirador.store.StoreException when ClickHouse refuses the schema
   */
  public static ClickHouseTelemetryStore open(
      ClickHouseTransport transport, SchemaOptions options, InsertFormat insertFormat) {
    requireNonNull(transport, "transport");
    requireNonNull(options, "options");
    requireNonNull(insertFormat, "insertFormat");
    return new ClickHouseTelemetryStore(transport, options, insertFormat);
  }

  private RowSink newSink(List<String> columns) {
    return insertFormat == InsertFormat.ROW_BINARY
        ? new RowBinarySink(INITIAL_BATCH_BYTES)
        : new JsonEachRowSink(columns);
  }

  @Override
  public int writeSpans(TenantId tenant, Retention retention, List<ResourceSpans> spans) {
    requireNonNull(tenant, "tenant");
    requireNonNull(retention, "retention");
    int rows =
        counted(
            failedWrites,
            () ->
                insertChunked(
                    table(EncodedRows.Kind.SPANS),
                    columns(EncodedRows.Kind.SPANS),
                    spans,
                    spanRows(tenant, retention)));
    spansWritten.add(rows);
    return rows;
  }

  @Override
  public int writeLogs(TenantId tenant, Retention retention, List<ResourceLogs> logs) {
    requireNonNull(tenant, "tenant");
    requireNonNull(retention, "retention");
    int rows =
        counted(
            failedWrites,
            () ->
                insertChunked(
                    table(EncodedRows.Kind.LOGS),
                    columns(EncodedRows.Kind.LOGS),
                    logs,
                    logRows(tenant, retention)));
    logsWritten.add(rows);
    return rows;
  }

  /** Rows encoded by this store, in its insert format, for the table of their kind. */
  private record Encoded(
      EncodedRows.Kind kind, byte[] bytes, int rows, ClickHouseTelemetryStore store)
      implements EncodedRows {}

  private static Table table(EncodedRows.Kind kind) {
    return kind == EncodedRows.Kind.SPANS ? Schema.TRACES : Schema.LOGS;
  }

  private static List<String> columns(EncodedRows.Kind kind) {
    return kind == EncodedRows.Kind.SPANS ? SpanRows.COLUMNS : LogRows.COLUMNS;
  }

  private static RowEncoder<ResourceSpans> spanRows(TenantId tenant, Retention retention) {
    return (sink, resourceSpans) ->
        SpanRows.write(sink, tenant.value(), retention.traceDays(), resourceSpans);
  }

  private static RowEncoder<ResourceLogs> logRows(TenantId tenant, Retention retention) {
    return (sink, resourceLogs) ->
        LogRows.write(sink, tenant.value(), retention.logDays(), resourceLogs);
  }

  @Override
  public EncodedRows encodeSpans(TenantId tenant, Retention retention, List<ResourceSpans> spans) {
    requireNonNull(tenant, "tenant");
    requireNonNull(retention, "retention");
    return encode(EncodedRows.Kind.SPANS, spans, spanRows(tenant, retention));
  }

  @Override
  public EncodedRows encodeLogs(TenantId tenant, Retention retention, List<ResourceLogs> logs) {
    requireNonNull(tenant, "tenant");
    requireNonNull(retention, "retention");
    return encode(EncodedRows.Kind.LOGS, logs, logRows(tenant, retention));
  }

  private <T> Encoded encode(EncodedRows.Kind kind, List<T> resources, RowEncoder<T> encoder) {
    RowSink sink = newSink(columns(kind));
    int rows = 0;
    for (T resource : resources) {
      rows += encoder.write(sink, resource);
    }
    return new Encoded(kind, sink.toByteArray(), rows, this);
  }

  @Override
  public int writeEncoded(List<EncodedRows> batches) {
    return writeEncoded(batches, InsertDeduplication.off());
  }

  @Override
  public int writeEncoded(List<EncodedRows> batches, InsertToken token) {
    return writeEncoded(batches, InsertDeduplication.by(requireNonNull(token, "token")));
  }

  @Override
  public boolean deduplicates() {
    return true;
  }

  @Override
  public Optional<byte[]> persistable(EncodedRows rows) {
    requireNonNull(rows, "rows");
    if (!(rows instanceof Encoded encoded) || encoded.store() != this) {
      return Optional.empty();
    }
    // Not a copy: a batch of 10,000 spans is about 10 MB, and the redo log only writes it out.
    return Optional.of(encoded.bytes());
  }

  @Override
  public EncodedRows restore(EncodedRows.Kind kind, int rows, byte[] persisted) {
    requireNonNull(kind, "kind");
    requireNonNull(persisted, "persisted");
    if (rows < 0) {
      invalidRequests.increment();
      throw new IllegalArgumentException("rows must not be negative");
    }
    // The rows are in this store's insert format, which is RowBinary in every deployment
    // (TelemetryStores); rows in another format fail at the engine as a parse error.
    return new Encoded(kind, persisted, rows, this);
  }

  private int writeEncoded(List<EncodedRows> batches, InsertDeduplication deduplication) {
    requireNonNull(batches, "batches");
    if (batches.isEmpty()) {
      return 0;
    }
    List<Encoded> own = new ArrayList<>(batches.size());
    for (EncodedRows batch : batches) {
      if (!(batch instanceof Encoded encoded)
          || encoded.store() != this
          || encoded.kind() != batches.get(0).kind()) {
        invalidRequests.increment();
        throw new IllegalArgumentException("batches of one kind, encoded by this store, expected");
      }
      own.add(encoded);
    }
    Encoded first = own.get(0);
    int rows =
        counted(
            failedWrites,
            () -> {
              try (ClickHouseTransport.InsertStream insert =
                  transport.openInsert(
                      sql.table(table(first.kind())),
                      columns(first.kind()),
                      insertFormat,
                      deduplication)) {
                int n = 0;
                for (Encoded batch : own) {
                  if (batch.rows() > 0) {
                    insert.append(batch.bytes(), 0, batch.bytes().length);
                    n += batch.rows();
                  }
                }
                insert.finish();
                return n;
              }
            });
    (first.kind() == EncodedRows.Kind.SPANS ? spansWritten : logsWritten).add(rows);
    return rows;
  }

  /** Encodes the rows of one OTLP resource into a sink; returns how many it wrote. */
  @FunctionalInterface
  private interface RowEncoder<T> {
    int write(RowSink sink, T resource);
  }

  /** One insert statement into {@code table}, fed chunk by chunk as the resources are encoded. */
  private <T> int insertChunked(
      Table table, List<String> columns, List<T> resources, RowEncoder<T> encoder) {
    RowSink sink = newSink(columns);
    int rows = 0;
    try (ChunkedInsert insert =
        new ChunkedInsert(transport, sql.table(table), columns, sink, InsertDeduplication.off())) {
      for (T resource : resources) {
        rows += encoder.write(sink, resource);
        insert.flushIfFull();
      }
      insert.finish();
    }
    return rows;
  }

  @Override
  public Map<MetricType, Integer> writeMetrics(
      TenantId tenant, Retention retention, List<ResourceMetrics> metrics) {
    requireNonNull(tenant, "tenant");
    requireNonNull(retention, "retention");
    Map<MetricType, Integer> counts =
        counted(failedWrites, () -> insertMetrics(tenant, retention, metrics, Optional.empty()));
    counts.values().forEach(pointsWritten::add);
    return counts;
  }

  @Override
  public Map<MetricType, Integer> writeMetrics(
      TenantId tenant, Retention retention, List<ResourceMetrics> metrics, InsertToken token) {
    requireNonNull(tenant, "tenant");
    requireNonNull(retention, "retention");
    requireNonNull(token, "token");
    Map<MetricType, Integer> counts =
        counted(failedWrites, () -> insertMetrics(tenant, retention, metrics, Optional.of(token)));
    counts.values().forEach(pointsWritten::add);
    return counts;
  }

  private Map<MetricType, Integer> insertMetrics(
      TenantId tenant,
      Retention retention,
      List<ResourceMetrics> metrics,
      Optional<InsertToken> token) {
    Map<MetricType, RowSink> sinks = new EnumMap<>(MetricType.class);
    Map<MetricType, Integer> counts = new EnumMap<>(MetricType.class);
    for (ResourceMetrics resourceMetrics : metrics) {
      MetricRows.write(
          type -> sinks.computeIfAbsent(type, t -> newSink(MetricRows.COLUMNS.get(t))),
          tenant.value(),
          retention.metricDays(),
          resourceMetrics,
          counts);
    }
    // One insert per metric type, each whole (a connection runs one insert at a time, so the
    // five types cannot stream side by side); a failure leaves earlier types stored, and the
    // caller's retry stores them again (RATIONALE.md) unless it repeats the token: each type's
    // insert is named by the token and the type, so the stored ones are dropped.
    for (Map.Entry<MetricType, RowSink> entry : sinks.entrySet()) {
      MetricType type = entry.getKey();
      InsertDeduplication deduplication =
          token
              .map(t -> InsertDeduplication.by(t.part(type.name())))
              .orElse(InsertDeduplication.off());
      try (ChunkedInsert insert =
          new ChunkedInsert(
              transport,
              sql.table(type.table()),
              MetricRows.COLUMNS.get(type),
              entry.getValue(),
              deduplication)) {
        insert.finish(); // nothing is sent for a type whose metrics had no data points
      }
    }
    counts.values().removeIf(count -> count == 0);
    return counts;
  }

  @Override
  public List<StoredSpan> trace(TenantId tenant, String traceId) {
    return counted(failedReads, () -> SpanReads.trace(transport, sql, tenant, traceId));
  }

  @Override
  public Page<StoredSpan> searchSpans(SpanQuery query) {
    return counted(failedReads, () -> SpanReads.search(transport, sql, query));
  }

  @Override
  public Page<TraceSummary> searchTraces(SpanQuery query) {
    requireNonNull(query, "query");
    return counted(failedReads, () -> SpanReads.searchTraces(transport, sql, query));
  }

  @Override
  public Page<StoredLog> searchLogs(LogQuery query) {
    return counted(failedReads, () -> LogReads.search(transport, sql, query));
  }

  @Override
  public List<MetricSeries> metricSeries(MetricQuery query) {
    return counted(failedReads, () -> MetricReads.series(transport, sql, query));
  }

  @Override
  public List<io.mirador.store.MetricInfo> metricCatalog(
      TenantId tenant,
      TimeRange range,
      java.util.Optional<String> service,
      java.util.Optional<String> name) {
    return counted(
        failedReads, () -> MetricReads.catalog(transport, sql, tenant, range, service, name));
  }

  @Override
  public void writeRedactions(List<io.mirador.store.RedactionMinute> rows) {
    requireNonNull(rows, "rows");
    counted(
        failedWrites,
        () -> {
          RedactionRecords.write(transport, sql, rows);
          return null;
        });
  }

  @Override
  public void writeRedactions(List<io.mirador.store.RedactionMinute> rows, InsertToken token) {
    requireNonNull(rows, "rows");
    requireNonNull(token, "token");
    counted(
        failedWrites,
        () -> {
          RedactionRecords.write(transport, sql, rows, InsertDeduplication.by(token));
          return null;
        });
  }

  @Override
  public List<io.mirador.store.RedactionTotal> redactions(io.mirador.store.RedactionQuery query) {
    requireNonNull(query, "query");
    return counted(failedReads, () -> RedactionRecords.read(transport, sql, query));
  }

  @Override
  public io.mirador.store.TextScan scanText(
      TenantId tenant,
      TimeRange range,
      long maxValues,
      java.util.function.Consumer<io.mirador.store.StoredText> visitor) {
    requireNonNull(tenant, "tenant");
    requireNonNull(range, "range");
    requireNonNull(visitor, "visitor");
    return counted(
        failedReads, () -> TextScanReads.scan(transport, sql, tenant, range, maxValues, visitor));
  }

  @Override
  public List<DependencyEdge> dependencies(TenantId tenant, TimeRange range) {
    return counted(failedReads, () -> DependencyReads.edges(transport, sql, tenant, range));
  }

  @Override
  public List<ServiceMinute> serviceFeatures(FeatureQuery query) {
    requireNonNull(query, "query");
    return counted(failedReads, () -> FeatureReads.features(transport, sql, query));
  }

  @Override
  public List<OperationMinute> operationFeatures(FeatureQuery query) {
    requireNonNull(query, "query");
    return counted(failedReads, () -> OperationReads.operations(transport, sql, query));
  }

  @Override
  public List<LogPatternMinute> logPatterns(FeatureQuery query) {
    requireNonNull(query, "query");
    return counted(failedReads, () -> OperationReads.logPatterns(transport, sql, query));
  }

  @Override
  public List<SpanEventMinute> spanEvents(FeatureQuery query) {
    requireNonNull(query, "query");
    return counted(failedReads, () -> OperationReads.spanEvents(transport, sql, query));
  }

  @Override
  public List<EventPairMinute> eventPairs(FeatureQuery query) {
    requireNonNull(query, "query");
    return counted(failedReads, () -> OperationReads.eventPairs(transport, sql, query));
  }

  @Override
  public List<SelfTimeMinute> selfTimes(FeatureQuery query, Set<String> gapsToCaller) {
    requireNonNull(query, "query");
    requireNonNull(gapsToCaller, "gapsToCaller");
    return counted(
        failedReads,
        () -> {
          if (gapsToCaller.size() > MAX_GAPS_TO_CALLER) {
            throw new IllegalArgumentException(
                "at most " + MAX_GAPS_TO_CALLER + " services keep their call gaps");
          }
          return OperationReads.selfTimes(transport, sql, query, gapsToCaller);
        });
  }

  @Override
  public List<EdgeLatencyMinute> edgeLatencies(FeatureQuery query) {
    requireNonNull(query, "query");
    return counted(failedReads, () -> EdgeReads.edgeLatencies(transport, sql, query));
  }

  /** Runs {@code operation}, counting a refused request or an engine failure. */
  private <T> T counted(LongAdder failures, Supplier<T> operation) {
    try {
      return operation.get();
    } catch (IllegalArgumentException e) {
      invalidRequests.increment();
      throw e;
    } catch (StoreException e) {
      failures.increment();
      throw e;
    }
  }

  @Override
  public StoreStats stats() {
    return new StoreStats(
        spansWritten.sum(),
        logsWritten.sum(),
        pointsWritten.sum(),
        invalidRequests.sum(),
        failedWrites.sum(),
        failedReads.sum());
  }

  @Override
  public long eraseTenant(TenantId tenant) {
    requireNonNull(tenant, "tenant");
    QueryParameters params = QueryParameters.builder().add("tenant", tenant.value()).build();
    long rows = 0;
    for (Table table : Schema.DATA_TABLES) {
      if (table != Schema.TRACE_ID_TS) {
        byte[] out =
            transport.query(
                "SELECT count() FROM " + sql.table(table) + " WHERE TenantId = {tenant:String}",
                params,
                "TabSeparated");
        rows += Long.parseLong(new String(out, StandardCharsets.US_ASCII).strip());
      }
    }
    // ALTER ... DELETE rewrites the parts without the tenant's rows: the data is physically gone
    // when it returns (mutations_sync = 2 waits for every replica), unlike a lightweight DELETE.
    for (Table table : Schema.DATA_TABLES) {
      transport.query(
          "ALTER TABLE "
              + sql.storageTable(table)
              + sql.onCluster()
              + " DELETE WHERE TenantId = {tenant:String} SETTINGS mutations_sync = 2",
          params,
          "TabSeparated");
    }
    LOG.info("erased tenant {}: {} rows", tenant, rows);
    return rows;
  }

  @Override
  public void enforceRetention() {
    for (Table table : Schema.DATA_TABLES) {
      transport.execute(
          "ALTER TABLE "
              + sql.storageTable(table)
              + sql.onCluster()
              + " MATERIALIZE TTL SETTINGS mutations_sync = 2");
    }
  }

  @Override
  public int schemaVersion() {
    return schemaVersion;
  }

  /** The names of the tables this store holds, qualified with the database. */
  public List<String> tables() {
    List<String> names = new ArrayList<>();
    for (Table table : Schema.DATA_TABLES) {
      names.add(sql.table(table));
    }
    return names;
  }

  /** The transport, for the findings and audit stores kept beside the telemetry. */
  ClickHouseTransport transport() {
    return transport;
  }

  Sql sql() {
    return sql;
  }

  @Override
  public void close() {
    transport.close();
  }
}
