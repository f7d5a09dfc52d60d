package io.mirador.store.chdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.store.testing.SharedEmbeddedEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the embedded engine does with {@code insert_deduplication_token}: the behaviour the store's
 * exactly-once writes rely on, checked on the real engine (store RATIONALE.md, exactly once).
 */
class InsertDeduplicationIT {
  private final EmbeddedClickHouse engine = SharedEmbeddedEngine.engine();

  private long count(String table) {
    return Long.parseLong(engine.query("SELECT count() FROM " + table, "TabSeparated").strip());
  }

  private void table(String name, String settings) {
    engine.query("DROP TABLE IF EXISTS " + name, "TabSeparated");
    engine.query(
        "CREATE TABLE " + name + " (n UInt64) ENGINE = MergeTree ORDER BY n" + settings,
        "TabSeparated");
  }

  private void insert(String table, String token, String values) {
    engine.query(
        "INSERT INTO "
            + table
            + " SETTINGS insert_deduplication_token = '"
            + token
            + "' VALUES "
            + values,
        "TabSeparated");
  }

  @Test
  void aTokenSeenInTheWindowDropsTheInsertWhateverItsRows() {
    table("default.dedup_window", " SETTINGS non_replicated_deduplication_window = 100");
    insert("default.dedup_window", "a", "(1), (2)");
    insert("default.dedup_window", "a", "(1), (2)");
    assertThat(count("default.dedup_window")).isEqualTo(2);
    // The token decides, not the rows: other rows under a seen token are dropped too.
    insert("default.dedup_window", "a", "(3)");
    assertThat(count("default.dedup_window")).isEqualTo(2);
    insert("default.dedup_window", "b", "(1), (2)");
    assertThat(count("default.dedup_window")).isEqualTo(4);
  }

  @Test
  void untokenedInsertsAreDeduplicatedByTheirRowsUnlessDisabled() {
    table("default.dedup_hash", " SETTINGS non_replicated_deduplication_window = 100");
    List<String> counts = new java.util.ArrayList<>();
    for (String settings :
        List.of(
            "",
            "",
            "insert_deduplicate = 0", // the older spelling: ignored by ClickHouse 26
            "deduplicate_insert = 'disable'",
            "deduplicate_insert = 'disable'")) {
      engine.query(
          "INSERT INTO default.dedup_hash "
              + (settings.isEmpty() ? "" : "SETTINGS " + settings)
              + " VALUES (7)",
          "TabSeparated");
      counts.add(Long.toString(count("default.dedup_hash")));
    }
    assertThat(counts).containsExactly("1", "1", "1", "2", "3");
  }

  @Test
  void withoutTheWindowNothingIsDeduplicated() {
    table("default.dedup_none", "");
    insert("default.dedup_none", "a", "(1), (2)");
    insert("default.dedup_none", "a", "(1), (2)");
    assertThat(count("default.dedup_none")).isEqualTo(4);
  }

  @Test
  void aStreamingInsertHonoursTheToken() {
    table("default.dedup_stream", " SETTINGS non_replicated_deduplication_window = 100");
    byte[] rows = new byte[8 * 3];
    rows[0] = 1;
    rows[8] = 2;
    rows[16] = 3;
    for (int i = 0; i < 2; i++) {
      try (EmbeddedClickHouse.Insert insert =
          engine.openInsert(
              "INSERT INTO default.dedup_stream (n) SETTINGS insert_deduplication_token = 't'",
              "RowBinary")) {
        insert.append(rows, 0, 8);
        insert.append(rows, 8, 16);
        insert.finish();
      }
    }
    assertThat(count("default.dedup_stream")).isEqualTo(3);
  }

  @Test
  void anInsertSpanningPartitionsIsDeduplicatedPartByPart() {
    engine.query("DROP TABLE IF EXISTS default.dedup_parts", "TabSeparated");
    engine.query(
        "CREATE TABLE default.dedup_parts (n UInt64) ENGINE = MergeTree PARTITION BY n % 3"
            + " ORDER BY n SETTINGS non_replicated_deduplication_window = 100",
        "TabSeparated");
    insert("default.dedup_parts", "p", "(1), (2), (3), (4)");
    insert("default.dedup_parts", "p", "(1), (2), (3), (4)");
    assertThat(count("default.dedup_parts")).isEqualTo(4);
  }
}
