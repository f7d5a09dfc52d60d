package io.mirador.store.chdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.store.testing.SharedEmbeddedEngine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedClickHouseIT {

  private final EmbeddedClickHouse engine = SharedEmbeddedEngine.engine();

  @Test
  void runsQueriesInTheRequestedFormat() {
    assertThat(engine.query("SELECT 1 + 1 AS two", "TabSeparated")).isEqualTo("2\n");
    assertThat(engine.query("SELECT version() LIKE '26.%' AS ok", "JSONEachRow"))
        .isEqualTo("{\"ok\":1}\n");
  }

  @Test
  void surfacesClickHouseErrorsWithCodeAndMessage() {
    assertThatThrownBy(() -> engine.query("SELEC 1", "TabSeparated"))
        .isInstanceOf(ChdbException.class)
        .hasMessageContaining("Code: 62")
        .hasMessageContaining("Syntax error");
    assertThatThrownBy(() -> engine.query("SELECT * FROM no_such_table_x", "TabSeparated"))
        .hasMessageContaining("Code: 60");
    // The connection stays usable after an error.
    assertThat(engine.query("SELECT 3", "TabSeparated")).isEqualTo("3\n");
  }

  @Test
  void bindsParametersWithoutInterpolation() {
    String hostile = "x'); DROP TABLE t; --";
    byte[] out =
        engine.query(
            "SELECT {s:String} AS s, {n:UInt64} + 1 AS n".getBytes(StandardCharsets.UTF_8),
            "TabSeparatedRaw",
            List.of("s", "n"),
            List.of(hostile, "41"));
    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(hostile + "\t42\n");
  }

  @Test
  void statementsAreBinarySafe() {
    engine.query(
        "CREATE TABLE IF NOT EXISTS default.binary_probe (s String) ENGINE = Memory",
        "TabSeparated");
    engine.query("TRUNCATE TABLE default.binary_probe", "TabSeparated");
    ByteArrayOutputStream statement = new ByteArrayOutputStream();
    statement.writeBytes(
        "INSERT INTO default.binary_probe FORMAT RowBinary\n".getBytes(StandardCharsets.UTF_8));
    byte[] value = {'a', 0, 'b', (byte) 0xff, '\n'};
    statement.write(value.length); // RowBinary String: varint length, then the bytes
    statement.writeBytes(value);
    engine.query(statement.toByteArray(), "TabSeparated", List.of(), List.of());

    assertThat(engine.query("SELECT length(s), hex(s) FROM default.binary_probe", "TabSeparated"))
        .isEqualTo("5\t610062FF0A\n");
  }

  @Test
  void streamingInsertStoresChunksAsOneStatementOnlyWhenFinished() {
    engine.query(
        "CREATE TABLE IF NOT EXISTS default.stream_probe (n UInt64) ENGINE = MergeTree ORDER BY n",
        "TabSeparated");
    engine.query("TRUNCATE TABLE default.stream_probe", "TabSeparated");
    byte[] rows = new byte[8 * 1000];
    for (int i = 0; i < 1000; i++) {
      rows[i * 8] = (byte) i;
      rows[i * 8 + 1] = (byte) (i >> 8);
    }
    try (EmbeddedClickHouse.Insert abandoned =
        engine.openInsert("INSERT INTO default.stream_probe (n)", "RowBinary")) {
      abandoned.append(rows, 0, rows.length);
    } // closed without finish: nothing is stored
    assertThat(engine.query("SELECT count() FROM default.stream_probe", "TabSeparated"))
        .isEqualTo("0\n");

    try (EmbeddedClickHouse.Insert insert =
        engine.openInsert("INSERT INTO default.stream_probe (n)", "RowBinary")) {
      insert.append(rows, 0, 4000); // chunks end at row boundaries
      insert.append(rows, 4000, 4000);
      insert.finish();
    }
    assertThat(engine.query("SELECT count(), sum(n) FROM default.stream_probe", "TabSeparated"))
        .isEqualTo("1000\t499500\n");
  }

  @Test
  void aRefusedInsertReportsTheEngineErrorAndFreesTheConnection() {
    assertThatThrownBy(
            () -> engine.openInsert("INSERT INTO default.no_such_table (x)", "RowBinary"))
        .isInstanceOf(ChdbException.class)
        .hasMessageContaining("Code: 60");
    assertThat(engine.query("SELECT 7", "TabSeparated")).isEqualTo("7\n");
  }

  @Test
  void oneStoragePathPerProcess() {
    try (EmbeddedClickHouse again = EmbeddedClickHouse.open(engine.path())) {
      assertThat(again).isSameAs(engine);
    }
    assertThat(engine.query("SELECT 1", "TabSeparated")).isEqualTo("1\n");
    assertThatThrownBy(() -> EmbeddedClickHouse.open(Path.of("/tmp/some-other-mirador-path")))
        .isInstanceOf(ChdbException.class)
        .hasMessageContaining("one storage path per process");
  }

  @Test
  void missingLibraryIsAClearError() {
    assertThatThrownBy(() -> ChdbLibrary.load(Path.of("/nonexistent/libchdb.so")))
        .isInstanceOf(ChdbException.class)
        .hasMessageContaining("libchdb.so not found at /nonexistent/libchdb.so")
        .hasMessageContaining("fetch-chdb.sh");
  }
}
