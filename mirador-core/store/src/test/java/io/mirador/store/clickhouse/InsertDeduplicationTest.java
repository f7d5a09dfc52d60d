package io.mirador.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.store.InsertToken;
import java.util.List;
import org.junit.jupiter.api.Test;

class InsertDeduplicationTest {
  private static final List<String> COLUMNS = List.of("a", "b");

  @Test
  void theEmbeddedEngineIsToldNotToDeduplicateUntokenedInserts() {
    assertThat(
            InsertFormat.ROW_BINARY.insertHead(
                "db.t", COLUMNS, InsertDeduplication.off().embeddedSettings()))
        .isEqualTo("INSERT INTO db.t (a, b) SETTINGS deduplicate_insert = 'disable'");
  }

  @Test
  void aServerGetsOnlyTheTokenWhichEveryVersionKnows() {
    assertThat(
            InsertFormat.ROW_BINARY.insertStatement(
                "db.t", COLUMNS, InsertDeduplication.off().serverSettings()))
        .isEqualTo("INSERT INTO db.t (a, b) FORMAT RowBinary");
    assertThat(
            InsertFormat.JSON_EACH_ROW.insertStatement(
                "db.t",
                COLUMNS,
                InsertDeduplication.by(new InsertToken("mirador-ab12")).serverSettings()))
        .isEqualTo(
            "INSERT INTO db.t (a, b) SETTINGS date_time_input_format = 'best_effort',"
                + " insert_deduplication_token = 'mirador-ab12' FORMAT JSONEachRow");
    assertThat(InsertDeduplication.by(new InsertToken("x.GAUGE")).embeddedSettings())
        .isEqualTo("insert_deduplication_token = 'x.GAUGE'");
  }

  @Test
  void theDeduplicationMigrationNamesEveryTableOnceInBothModes() {
    List<String> single = Schema.deduplicationStatements(SchemaOptions.singleNode("db"));
    assertThat(single).hasSize(Schema.DATA_TABLES.size() + 1);
    assertThat(single)
        .allMatch(s -> s.contains("MODIFY SETTING non_replicated_deduplication_window = 1000"))
        .anyMatch(s -> s.contains("db.mirador_redactions "));
    List<String> cluster = Schema.deduplicationStatements(SchemaOptions.onCluster("db", "c1"));
    assertThat(cluster)
        .allMatch(s -> s.contains("_local ON CLUSTER c1 MODIFY SETTING"))
        .allMatch(s -> s.contains("replicated_deduplication_window = 1000"))
        .allMatch(s -> s.contains("replicated_deduplication_window_seconds = 604800"));
  }
}
