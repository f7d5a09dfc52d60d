package io.mirador.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.store.StoreException;
import io.mirador.store.chdb.ChdbTransport;
import io.mirador.store.testing.SharedEmbeddedEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsIT {
  private final ClickHouseTransport transport = new ChdbTransport(SharedEmbeddedEngine.engine());

  @Test
  void appliesOnceAndRecordsEachVersion() {
    SchemaOptions options = SchemaOptions.singleNode("migrations_once");
    List<Migration> all = Migrations.all(options);
    int last = all.getLast().version();
    assertThat(new Migrations(transport, options).apply())
        .isEqualTo(new Migrations.Outcome(all.size(), last));
    assertThat(new Migrations(transport, options).apply())
        .isEqualTo(new Migrations.Outcome(0, last));
    assertThat(new Migrations(transport, options).appliedChecksums())
        .containsOnlyKeys(all.stream().map(Migration::version).toList());
    String tables =
        new String(
            transport.query(
                "SELECT name FROM system.tables WHERE database = 'migrations_once' ORDER BY name",
                QueryParameters.none(),
                "TabSeparated"),
            StandardCharsets.UTF_8);
    assertThat(tables.lines())
        .contains(
            "otel_traces",
            "otel_traces_trace_id_ts",
            "otel_traces_trace_id_ts_mv",
            "otel_logs",
            "otel_metrics_gauge",
            "otel_metrics_sum",
            "otel_metrics_histogram",
            "otel_metrics_exponential_histogram",
            "otel_metrics_summary",
            "mirador_findings",
            "mirador_audit",
            Migrations.TABLE);
  }

  @Test
  void aNewMigrationIsAppliedOnTopOfOldOnes() {
    SchemaOptions options = SchemaOptions.singleNode("migrations_next");
    new Migrations(transport, options).apply();
    Migration next =
        new Migration(
            100,
            "add a column",
            List.of(
                "ALTER TABLE migrations_next.otel_logs ADD COLUMN IF NOT EXISTS Probe String DEFAULT ''"));
    List<Migration> all = new java.util.ArrayList<>(Migrations.all(options));
    all.add(next);
    assertThat(new Migrations(transport, options, all).apply())
        .isEqualTo(new Migrations.Outcome(1, 100));
    assertThat(new Migrations(transport, options, all).appliedChecksums())
        .containsOnlyKeys(all.stream().map(Migration::version).toList());
  }

  @Test
  void migrationThreeMakesAnExistingStoreWriteCompactPartsMergeWiderAndKeepItsRows() {
    SchemaOptions options = SchemaOptions.singleNode("migrations_compact");
    List<Migration> upToTwo = Migrations.all(options).subList(0, 2);
    assertThat(new Migrations(transport, options, upToTwo).apply())
        .isEqualTo(new Migrations.Outcome(2, 2));
    // No merge may join the two parts before their formats are checked.
    transport.execute("SYSTEM STOP MERGES migrations_compact.otel_traces");
    // About 12 MiB of spans in one insert: above ClickHouse's default 10 MiB, so a wide part.
    insertSpans("before", 12_000);
    assertThat(partTypes()).containsExactly("before\tWide");

    assertThat(new Migrations(transport, options, Migrations.all(options).subList(0, 3)).apply())
        .isEqualTo(new Migrations.Outcome(1, 3));

    insertSpans("after", 12_000);
    assertThat(partTypes()).containsExactly("after\tCompact", "before\tWide");
    assertThat(
            scalar(
                "SELECT count() FROM migrations_compact.otel_traces WHERE length(StatusMessage) = 1000"))
        .isEqualTo("24000");
    // Every trace's lookup row too (the materialized view kept working across the migration).
    assertThat(scalar("SELECT count() FROM migrations_compact.otel_traces_trace_id_ts"))
        .isEqualTo("24000");
    for (Table table : Schema.DATA_TABLES) {
      assertThat(
              scalar(
                  "SELECT create_table_query FROM system.tables WHERE database = 'migrations_compact'"
                      + " AND name = '"
                      + table.name()
                      + "'"))
          .as(table.name())
          .contains("min_bytes_for_wide_part = 268435456", "merge_selector_base = 10");
    }
  }

  @Test
  void migrationFourWritesSpansWithLz4AndRecompressesThemWithZstdAfterADay() {
    SchemaOptions options = SchemaOptions.singleNode("migrations_codec");
    assertThat(new Migrations(transport, options, Migrations.all(options).subList(0, 3)).apply())
        .isEqualTo(new Migrations.Outcome(3, 3));
    transport.execute("SYSTEM STOP MERGES migrations_codec.otel_traces");
    // Written with every column's explicit ZSTD(1), which such a part keeps until it is merged.
    insertSpans("migrations_codec", "before", 1_000, "now64(9)");

    assertThat(new Migrations(transport, options, Migrations.all(options).subList(0, 4)).apply())
        .isEqualTo(new Migrations.Outcome(1, 4));

    String withoutCodec =
        scalar(
            "SELECT name FROM system.columns WHERE database = 'migrations_codec' AND table ="
                + " 'otel_traces' AND compression_codec = '' ORDER BY position");
    assertThat(withoutCodec.lines())
        .containsExactlyElementsOf(Schema.SPAN_COLUMNS_RECOMPRESSED_LATER);
    assertThat(
            scalar(
                "SELECT compression_codec FROM system.columns WHERE database = 'migrations_codec'"
                    + " AND table = 'otel_traces' AND name = 'Timestamp'"))
        .isEqualTo("CODEC(Delta(8), ZSTD(1))");
    assertThat(
            scalar(
                "SELECT create_table_query FROM system.tables WHERE database = 'migrations_codec'"
                    + " AND name = 'otel_traces'"))
        .contains(
            "TTL toDateTime(Timestamp) + toIntervalDay(RetentionDays), toDateTime(Timestamp) +"
                + " toIntervalDay(1) RECOMPRESS CODEC(ZSTD(1))");
    // New parts are written with LZ4, even those of spans already past the day: the TTL applies by
    // a merge, which rewrites those parts with ZSTD(1) and leaves the fresh ones alone.
    insertSpans("migrations_codec", "fresh", 1_000, "now64(9)");
    insertSpans("migrations_codec", "two-days-old", 1_000, "now64(9) - INTERVAL 2 DAY");
    assertThat(partCodecs("migrations_codec")).contains("fresh\tLZ4", "two-days-old\tLZ4");
    assertThat(scalar("SELECT count() FROM migrations_codec.otel_traces")).isEqualTo("3000");

    transport.execute("SYSTEM START MERGES migrations_codec.otel_traces");
    transport.execute("OPTIMIZE TABLE migrations_codec.otel_traces FINAL");
    assertThat(partCodecs("migrations_codec")).contains("two-days-old\tZSTD(1)");
    assertThat(scalar("SELECT count() FROM migrations_codec.otel_traces")).isEqualTo("3000");
    assertThat(
            scalar(
                "SELECT default_compression_codec FROM system.parts WHERE database ="
                    + " 'migrations_codec' AND table = 'otel_traces' AND active AND partition ="
                    + " toString(today())"))
        .isEqualTo("LZ4");
    // The retention TTL still deletes rows next to the recompression.
    transport.execute(
        "ALTER TABLE migrations_codec.otel_traces UPDATE RetentionDays = 1 WHERE ServiceName ="
            + " 'two-days-old' SETTINGS mutations_sync = 2");
    transport.execute(
        "ALTER TABLE migrations_codec.otel_traces MATERIALIZE TTL SETTINGS mutations_sync = 2");
    assertThat(scalar("SELECT count() FROM migrations_codec.otel_traces")).isEqualTo("2000");
  }

  private void insertSpans(String service, int rows) {
    insertSpans("migrations_compact", service, rows, "now64(9)");
    // 1,000 bytes of status message a span: 12,000 spans are about 12 MiB.
  }

  private void insertSpans(String db, String service, int rows, String time) {
    transport.execute(
        ("INSERT INTO %s.otel_traces (TenantId, RetentionDays, Timestamp, TraceId,"
                + " SpanId, ServiceName, SpanName, StatusMessage) SELECT 't', 30, %s,"
                + " concat('%s', toString(number)), hex(number), '%s', 'op', repeat('x', 1000)"
                + " FROM numbers(%d)")
            .formatted(db, time, service, service, rows));
  }

  private List<String> partTypes() {
    return partColumn("migrations_compact", "part_type");
  }

  private List<String> partCodecs(String db) {
    return partColumn(db, "default_compression_codec");
  }

  /** One line per active span part: its service (one per part here) and the part's column. */
  private List<String> partColumn(String db, String column) {
    return scalar(
            ("SELECT ServiceName, %2$s FROM (SELECT _part AS name, any(ServiceName) AS"
                    + " ServiceName FROM %1$s.otel_traces GROUP BY _part) AS rows JOIN"
                    + " (SELECT name, %2$s FROM system.parts WHERE database = '%1$s'"
                    + " AND table = 'otel_traces' AND active) AS parts USING name ORDER BY ServiceName")
                .formatted(db, column))
        .lines()
        .toList();
  }

  private String scalar(String sql) {
    return new String(
            transport.query(sql, QueryParameters.none(), "TabSeparated"), StandardCharsets.UTF_8)
        .strip();
  }

  @Test
  void anEditedMigrationIsRefused() {
    SchemaOptions options = SchemaOptions.singleNode("migrations_edited");
    new Migrations(transport, options).apply();
    Migration edited = new Migration(1, "edited", List.of("SELECT 1"));
    assertThatThrownBy(() -> new Migrations(transport, options, List.of(edited)).apply())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema migration 1 was applied with different statements");
  }
}
