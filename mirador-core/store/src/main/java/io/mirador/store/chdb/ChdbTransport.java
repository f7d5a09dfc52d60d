package io.mirador.store.chdb;

import static java.util.Objects.requireNonNull;

import io.mirador.store.clickhouse.ClickHouseTransport;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.QueryParameters;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The embedded transport: statements run in this process on the chDB engine. An insert sends the
 * statement and its encoded rows as one binary-safe buffer.
 */
public final class ChdbTransport implements ClickHouseTransport {
  private final EmbeddedClickHouse engine;

  public ChdbTransport(EmbeddedClickHouse engine) {
    this.engine = requireNonNull(engine, "engine");
  }

  @Override
  public byte[] query(String sql, QueryParameters parameters, String format) {
    return engine.query(
        sql.getBytes(StandardCharsets.UTF_8),
        format,
        parameters.names(),
        parameters.escapedValues());
  }

  @Override
  public void insert(String table, List<String> columns, InsertFormat format, byte[] rows) {
    byte[] head =
        ("INSERT INTO "
                + table
                + " ("
                + String.join(", ", columns)
                + ") FORMAT "
                + format.clickHouseName()
                + "\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] statement = new byte[head.length + rows.length];
    System.arraycopy(head, 0, statement, 0, head.length);
    System.arraycopy(rows, 0, statement, head.length, rows.length);
    engine.query(statement, "TabSeparated", List.of(), List.of());
  }

  @Override
  public String describe() {
    return "embedded ClickHouse (chDB) at " + engine.path();
  }

  @Override
  public void close() {
    engine.close();
  }
}
