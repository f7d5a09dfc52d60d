package io.mirador.benchmarks.store;

import io.mirador.store.clickhouse.ClickHouseTransport;
import io.mirador.store.clickhouse.InsertDeduplication;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.QueryParameters;
import java.util.List;

/**
 * Measures the time the writer waits on the transport (engine time not overlapped with encoding),
 * to split a write into encoding and engine time.
 */
final class TimedTransport implements ClickHouseTransport {
  private final ClickHouseTransport delegate;
  long insertNanos;
  long insertBytes;
  long finishNanos;

  TimedTransport(ClickHouseTransport delegate) {
    this.delegate = delegate;
  }

  @Override
  public byte[] query(String sql, QueryParameters parameters, String format) {
    return delegate.query(sql, parameters, format);
  }

  @Override
  public InsertStream openInsert(String table, List<String> columns, InsertFormat format) {
    return openInsert(table, columns, format, InsertDeduplication.off());
  }

  @Override
  public InsertStream openInsert(
      String table, List<String> columns, InsertFormat format, InsertDeduplication deduplication) {
    long start = System.nanoTime();
    InsertStream stream = delegate.openInsert(table, columns, format, deduplication);
    insertNanos += System.nanoTime() - start;
    return new InsertStream() {
      @Override
      public void append(byte[] rows, int offset, int length) {
        long t0 = System.nanoTime();
        stream.append(rows, offset, length);
        insertNanos += System.nanoTime() - t0;
        insertBytes += length;
      }

      @Override
      public void finish() {
        long t0 = System.nanoTime();
        stream.finish();
        long took = System.nanoTime() - t0;
        insertNanos += took;
        finishNanos += took;
      }

      @Override
      public void close() {
        stream.close();
      }
    };
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
