package io.mirador.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaTest {

  @Test
  void singleNodeUsesMergeTreeLedByTenant() {
    List<String> ddl = Schema.initialStatements(SchemaOptions.singleNode("mirador"));
    assertThat(ddl.getFirst()).isEqualTo("CREATE DATABASE IF NOT EXISTS mirador");
    assertThat(ddl)
        .filteredOn(s -> s.startsWith("CREATE TABLE"))
        .hasSize(Schema.DATA_TABLES.size())
        .allSatisfy(
            s -> {
              assertThat(s).contains("ENGINE = MergeTree()").contains("ORDER BY (TenantId,");
              assertThat(s).contains("toIntervalDay(RetentionDays)").doesNotContain("ON CLUSTER");
            });
    assertThat(ddl.getLast())
        .startsWith(
            "CREATE MATERIALIZED VIEW IF NOT EXISTS mirador.otel_traces_trace_id_ts_mv TO mirador.otel_traces_trace_id_ts ")
        .contains("FROM mirador.otel_traces ");
  }

  @Test
  void clusterUsesReplicatedLocalTablesBehindDistributedOnes() {
    List<String> ddl = Schema.initialStatements(SchemaOptions.onCluster("mirador", "prod"));
    assertThat(ddl.getFirst()).isEqualTo("CREATE DATABASE IF NOT EXISTS mirador ON CLUSTER prod");
    assertThat(ddl)
        .filteredOn(s -> s.contains("ReplicatedMergeTree"))
        .hasSize(Schema.DATA_TABLES.size())
        .allSatisfy(
            s ->
                assertThat(s)
                    .containsPattern(
                        "CREATE TABLE IF NOT EXISTS mirador\\.\\w+_local ON CLUSTER prod")
                    .contains("'/clickhouse/tables/{shard}/mirador/")
                    .contains("'{replica}'"));
    assertThat(ddl)
        .contains(
            "CREATE TABLE IF NOT EXISTS mirador.otel_traces ON CLUSTER prod AS mirador.otel_traces_local"
                + " ENGINE = Distributed(prod, mirador, otel_traces_local, cityHash64(TraceId))");
    // The view reads and writes local tables, so lookups land on the shard of their spans.
    assertThat(ddl.getLast())
        .contains("ON CLUSTER prod TO mirador.otel_traces_trace_id_ts_local")
        .contains("FROM mirador.otel_traces_local ");
  }

  @Test
  void identifiersAreValidatedBecauseTheyCannotBeBound() {
    assertThatThrownBy(() -> SchemaOptions.singleNode("x; DROP TABLE y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SchemaOptions.onCluster("db", "c`"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void checksumChangesWhenStatementsChange() {
    Migration a = new Migration(1, "x", List.of("CREATE TABLE a"));
    Migration b = new Migration(1, "x", List.of("CREATE TABLE b"));
    assertThat(a.checksum()).isEqualTo(new Migration(1, "y", List.of("CREATE TABLE a")).checksum());
    assertThat(a.checksum()).isNotEqualTo(b.checksum());
  }
}
