package io.mirador.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.store.EncodedRows;
import io.mirador.store.InsertToken;
import io.mirador.store.MetricType;
import io.mirador.store.Retention;
import io.mirador.store.TenantId;
import io.mirador.store.chdb.ChdbTransport;
import io.mirador.store.testing.Otlp;
import io.mirador.store.testing.SharedEmbeddedEngine;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The same batch written twice at the store, on the real embedded engine: with the same token it is
 * stored once, with another token twice, without a token twice (deduplication only where it was
 * asked for), for spans, logs and every metric table.
 */
class InsertTokensIT {
  private static final String DB = "insert_tokens_probe";
  private final ClickHouseTelemetryStore store =
      (ClickHouseTelemetryStore)
          io.mirador.store.testing.SharedEmbeddedEngine.store(DB, InsertFormat.ROW_BINARY);
  private final ChdbTransport engine = new ChdbTransport(SharedEmbeddedEngine.engine());
  private final Random random = new Random();
  private final long now = System.currentTimeMillis() * 1_000_000L;

  private TenantId tenant() {
    return TenantId.of("tok" + Integer.toHexString(random.nextInt() & 0xfffffff));
  }

  private long count(String table, TenantId tenant) {
    return Long.parseLong(
        new String(
                engine.query(
                    "SELECT count() FROM " + DB + "." + table + " WHERE TenantId = {t:String}",
                    QueryParameters.builder().add("t", tenant.value()).build(),
                    "TabSeparated"),
                StandardCharsets.US_ASCII)
            .strip());
  }

  /** Span ids of the tenant stored more than once. */
  private long duplicatedSpans(TenantId tenant) {
    return Long.parseLong(
        new String(
                engine.query(
                    "SELECT count() FROM (SELECT SpanId FROM "
                        + DB
                        + ".otel_traces WHERE TenantId = {t:String} GROUP BY SpanId"
                        + " HAVING count() > 1)",
                    QueryParameters.builder().add("t", tenant.value()).build(),
                    "TabSeparated"),
                StandardCharsets.US_ASCII)
            .strip());
  }

  private List<ResourceSpans> spans(int n) {
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      spans.add(
          Otlp.span(
                  Otlp.randomTraceId(random),
                  Otlp.randomSpanId(random),
                  null,
                  "op-" + i,
                  now + i,
                  1_000_000)
              .build());
    }
    return List.of(Otlp.resourceSpans("svc", spans.toArray(Span[]::new)));
  }

  private List<ResourceLogs> logs(int n) {
    List<io.opentelemetry.proto.logs.v1.LogRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(Otlp.log(now + i, SeverityNumber.SEVERITY_NUMBER_ERROR, "failed " + i).build());
    }
    return List.of(
        Otlp.resourceLogs("svc", records.toArray(io.opentelemetry.proto.logs.v1.LogRecord[]::new)));
  }

  private List<ResourceMetrics> metrics() {
    NumberDataPoint point =
        NumberDataPoint.newBuilder().setTimeUnixNano(now).setAsDouble(1.5).build();
    return List.of(
        ResourceMetrics.newBuilder()
            .setResource(Otlp.resource("svc"))
            .addScopeMetrics(
                ScopeMetrics.newBuilder()
                    .addMetrics(
                        Metric.newBuilder()
                            .setName("cpu")
                            .setGauge(Gauge.newBuilder().addDataPoints(point)))
                    .addMetrics(
                        Metric.newBuilder()
                            .setName("requests")
                            .setSum(
                                Sum.newBuilder()
                                    .setIsMonotonic(true)
                                    .setAggregationTemporality(
                                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                    .addDataPoints(point)
                                    .addDataPoints(point.toBuilder().setTimeUnixNano(now + 1))))
                    .addMetrics(
                        Metric.newBuilder()
                            .setName("latency")
                            .setHistogram(
                                Histogram.newBuilder()
                                    .setAggregationTemporality(
                                        AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                    .addDataPoints(
                                        HistogramDataPoint.newBuilder()
                                            .setTimeUnixNano(now)
                                            .setCount(2)
                                            .setSum(3)
                                            .addBucketCounts(2)))))
            .build());
  }

  @Test
  void encodedSpansOfSeveralTenantsWithTheSameTokenAreStoredOnce() {
    TenantId a = tenant();
    TenantId b = tenant();
    List<EncodedRows> batch =
        List.of(
            store.encodeSpans(a, Retention.DEFAULT, spans(30)),
            store.encodeSpans(b, Retention.DEFAULT, spans(7)));
    InsertToken token = new InsertToken("it-" + a.value());

    assertThat(store.writeEncoded(batch, token)).isEqualTo(37);
    store.writeEncoded(batch, token); // the retry after a crash

    assertThat(count("otel_traces", a)).isEqualTo(30);
    assertThat(count("otel_traces", b)).isEqualTo(7);
    assertThat(duplicatedSpans(a)).isZero();
    // The trace-id index is filled by a materialised view: the dropped insert does not feed it.
    assertThat(count("otel_traces_trace_id_ts", a)).isEqualTo(30);

    store.writeEncoded(batch, new InsertToken("it-other-" + a.value()));
    assertThat(count("otel_traces", a)).isEqualTo(60);
  }

  @Test
  void persistedRowsRestoreToTheSameWrite() {
    TenantId a = tenant();
    EncodedRows rows = store.encodeSpans(a, Retention.DEFAULT, spans(12));
    byte[] kept = store.persistable(rows).orElseThrow().clone(); // as read back from a file
    InsertToken token = new InsertToken("it-restore-" + a.value());
    store.writeEncoded(List.of(rows), token);

    EncodedRows restored = store.restore(EncodedRows.Kind.SPANS, 12, kept);
    store.writeEncoded(List.of(restored), token);
    assertThat(count("otel_traces", a)).isEqualTo(12);
    // Restored rows are the rows: under a fresh token they are stored again, identical.
    store.writeEncoded(List.of(restored), new InsertToken("it-restore-2-" + a.value()));
    assertThat(count("otel_traces", a)).isEqualTo(24);
    assertThat(
            Long.parseLong(
                new String(
                        engine.query(
                            "SELECT uniqExact(SpanId) FROM "
                                + DB
                                + ".otel_traces WHERE TenantId = {t:String}",
                            QueryParameters.builder().add("t", a.value()).build(),
                            "TabSeparated"),
                        StandardCharsets.US_ASCII)
                    .strip()))
        .isEqualTo(12);
  }

  @Test
  void logsWithTheSameTokenAreStoredOnce() {
    TenantId a = tenant();
    List<EncodedRows> batch = List.of(store.encodeLogs(a, Retention.DEFAULT, logs(9)));
    InsertToken token = new InsertToken("it-logs-" + a.value());
    store.writeEncoded(batch, token);
    store.writeEncoded(batch, token);
    assertThat(count("otel_logs", a)).isEqualTo(9);
  }

  @Test
  void metricsWithTheSameTokenAreStoredOnceInEveryTable() {
    TenantId a = tenant();
    InsertToken token = new InsertToken("it-metrics-" + a.value());
    Map<MetricType, Integer> first = store.writeMetrics(a, Retention.DEFAULT, metrics(), token);
    assertThat(first)
        .containsEntry(MetricType.GAUGE, 1)
        .containsEntry(MetricType.SUM, 2)
        .containsEntry(MetricType.HISTOGRAM, 1);
    store.writeMetrics(a, Retention.DEFAULT, metrics(), token);
    assertThat(count("otel_metrics_gauge", a)).isEqualTo(1);
    assertThat(count("otel_metrics_sum", a)).isEqualTo(2);
    assertThat(count("otel_metrics_histogram", a)).isEqualTo(1);
    // Each type's insert has its own name: a token for gauges does not swallow sums.
    store.writeMetrics(a, Retention.DEFAULT, metrics(), new InsertToken("it-m2-" + a.value()));
    assertThat(count("otel_metrics_sum", a)).isEqualTo(4);
  }

  @Test
  void untokenedWritesAreNotDeduplicated() {
    TenantId a = tenant();
    List<ResourceSpans> same = spans(5);
    store.writeSpans(a, Retention.DEFAULT, same);
    store.writeSpans(a, Retention.DEFAULT, same);
    List<EncodedRows> encoded = List.of(store.encodeSpans(a, Retention.DEFAULT, same));
    store.writeEncoded(encoded);
    store.writeEncoded(encoded);
    assertThat(count("otel_traces", a)).isEqualTo(20);
  }

  @Test
  void migrationSevenGivesEveryDataTableAWindow() {
    for (Table table : Schema.DATA_TABLES) {
      String create =
          new String(
              engine.query(
                  "SHOW CREATE TABLE " + DB + "." + table.name(),
                  QueryParameters.none(),
                  "TabSeparatedRaw"),
              StandardCharsets.UTF_8);
      assertThat(create)
          .as(table.name())
          .contains("non_replicated_deduplication_window = " + Schema.DEDUPLICATION_WINDOW);
    }
  }

  @Test
  void tokensNeedNoQuoting() {
    assertThatThrownBy(() -> new InsertToken("a' OR 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InsertToken("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(new InsertToken("m1:abc").part("GAUGE").value()).isEqualTo("m1:abc.GAUGE");
  }
}
