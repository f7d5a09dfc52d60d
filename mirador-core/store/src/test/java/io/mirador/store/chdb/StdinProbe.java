package io.mirador.store.chdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A separate process for {@link EmbeddedStdinIT}: {@code DIR} opens the engine, inserts the rows 1
 * and 2 with a plain and with an asynchronous {@code INSERT ... VALUES}, and prints what the table
 * holds, or the error of the statement that failed.
 */
public final class StdinProbe {
  private StdinProbe() {}

  public static void main(String[] args) {
    try (EmbeddedClickHouse engine = EmbeddedClickHouse.open(Path.of(args[0]))) {
      run(engine, "CREATE TABLE IF NOT EXISTS probe (x UInt32) ENGINE = MergeTree ORDER BY x");
      run(engine, "INSERT INTO probe SETTINGS async_insert = 0 VALUES (1)");
      run(
          engine,
          "INSERT INTO probe SETTINGS async_insert = 1, wait_for_async_insert = 1 VALUES (2)");
      System.out.println(
          "rows="
              + run(
                      engine,
                      "SELECT arrayStringConcat(groupArray(x), ',') FROM (SELECT x FROM probe ORDER BY x)")
                  .strip());
    } catch (ChdbException e) {
      System.out.println("error=" + e.getMessage());
    }
  }

  private static String run(EmbeddedClickHouse engine, String sql) {
    return new String(
        engine.query(sql.getBytes(StandardCharsets.UTF_8), "TSV", List.of(), List.of()),
        StandardCharsets.UTF_8);
  }
}
