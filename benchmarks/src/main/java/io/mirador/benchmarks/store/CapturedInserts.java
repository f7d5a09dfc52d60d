package io.mirador.benchmarks.store;

import io.mirador.store.Retention;
import io.mirador.store.TenantId;
import io.mirador.store.chdb.ChdbTransport;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import io.mirador.store.clickhouse.ClickHouseTransport;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.QueryParameters;
import io.mirador.store.clickhouse.SchemaOptions;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The RowBinary inserts the store sends for realistic spans, captured instead of sent, so that an
 * experiment can replay exactly those bytes into differently configured tables and time only the
 * engine. The store's schema statements and queries go to the real engine.
 */
final class CapturedInserts {
  /** One captured insert: the table without its database, its columns and the rows. */
  record Insert(String table, List<String> columns, byte[] rows) {}

  /** The inserts, and how long generating and encoding the spans took. */
  record Capture(List<Insert> inserts, double encodeSeconds) {}

  private CapturedInserts() {}

  /**
   * Writes {@code spans} spans of {@link RealisticSpans} (seed 1, an hour ago) in batches of {@code
   * batch} through a store whose schema lives in {@code database}, capturing every insert.
   */
  static Capture spans(ChdbTransport chdb, String database, int spans, int batch) {
    List<Insert> captured = new ArrayList<>();
    ClickHouseTransport capture =
        new ClickHouseTransport() {
          @Override
          public byte[] query(String sql, QueryParameters parameters, String format) {
            return chdb.query(sql, parameters, format);
          }

          @Override
          public InsertStream openInsert(String table, List<String> columns, InsertFormat format) {
            ByteArrayOutputStream rows = new ByteArrayOutputStream();
            return new InsertStream() {
              @Override
              public void append(byte[] chunk, int offset, int length) {
                rows.write(chunk, offset, length);
              }

              @Override
              public void finish() {
                String local = table.substring(table.indexOf('.') + 1);
                captured.add(new Insert(local, columns, rows.toByteArray()));
              }

              @Override
              public void close() {}
            };
          }

          @Override
          public String describe() {
            return "capture";
          }

          @Override
          public void close() {}
        };
    ClickHouseTelemetryStore store =
        ClickHouseTelemetryStore.open(
            capture, SchemaOptions.singleNode(database), InsertFormat.ROW_BINARY);
    RealisticSpans generator =
        new RealisticSpans(1, (System.currentTimeMillis() - 3_600_000L) * 1_000_000L);
    long start = System.nanoTime();
    for (int written = 0; written < spans; written += batch) {
      store.writeSpans(
          TenantId.of("x"), Retention.DEFAULT, generator.batch(batch / 10, new ArrayList<>()));
    }
    return new Capture(captured, (System.nanoTime() - start) / 1e9);
  }
}
