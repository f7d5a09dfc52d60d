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
    assertThat(new Migrations(transport, options).apply()).isEqualTo(new Migrations.Outcome(2, 2));
    assertThat(new Migrations(transport, options).apply()).isEqualTo(new Migrations.Outcome(0, 2));
    assertThat(new Migrations(transport, options).appliedChecksums()).containsOnlyKeys(1, 2);
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
            3,
            "add a column",
            List.of(
                "ALTER TABLE migrations_next.otel_logs ADD COLUMN IF NOT EXISTS Probe String DEFAULT ''"));
    List<Migration> all = new java.util.ArrayList<>(Migrations.all(options));
    all.add(next);
    assertThat(new Migrations(transport, options, all).apply())
        .isEqualTo(new Migrations.Outcome(1, 3));
    assertThat(new Migrations(transport, options, all).appliedChecksums())
        .containsOnlyKeys(1, 2, 3);
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
