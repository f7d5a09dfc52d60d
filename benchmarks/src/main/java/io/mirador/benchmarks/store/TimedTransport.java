package io.mirador.benchmarks.store;

import io.mirador.store.clickhouse.ClickHouseTransport;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.QueryParameters;
import java.util.List;

/** Measures the time spent inside a transport, to split a write into encoding and engine time. */
final class TimedTransport implements ClickHouseTransport {
  private final ClickHouseTransport delegate;
  long insertNanos;
  long insertBytes;

  TimedTransport(ClickHouseTransport delegate) {
    this.delegate = delegate;
  }

  @Override
  public byte[] query(String sql, QueryParameters parameters, String format) {
    return delegate.query(sql, parameters, format);
  }

  @Override
  public void insert(String table, List<String> columns, InsertFormat format, byte[] rows) {
    long start = System.nanoTime();
    delegate.insert(table, columns, format, rows);
    insertNanos += System.nanoTime() - start;
    insertBytes += rows.length;
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
