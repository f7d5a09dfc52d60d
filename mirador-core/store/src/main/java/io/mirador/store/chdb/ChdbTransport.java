package io.mirador.store.chdb;

import static java.util.Objects.requireNonNull;

import io.mirador.store.clickhouse.ClickHouseTransport;
import io.mirador.store.clickhouse.InsertDeduplication;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.QueryParameters;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The embedded transport: statements run in this process on the chDB engine. Inserts use chDB's
 * streaming insert, so encoded rows never pass through the SQL parser.
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
  public InsertStream openInsert(String table, List<String> columns, InsertFormat format) {
    return openInsert(table, columns, format, InsertDeduplication.off());
  }

  @Override
  public InsertStream openInsert(
      String table, List<String> columns, InsertFormat format, InsertDeduplication deduplication) {
    EmbeddedClickHouse.Insert insert =
        engine.openInsert(
            format.insertHead(table, columns, deduplication.embeddedSettings()),
            format.clickHouseName());
    return new InsertStream() {
      @Override
      public void append(byte[] rows, int offset, int length) {
        insert.append(rows, offset, length);
      }

      @Override
      public void finish() {
        insert.finish();
      }

      @Override
      public void close() {
        insert.close();
      }
    };
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
