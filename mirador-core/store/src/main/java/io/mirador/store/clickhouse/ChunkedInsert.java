package io.mirador.store.clickhouse;

import java.util.List;

/**
 * One insert statement fed in chunks as a writer encodes rows: once the sink holds a chunk's worth
 * of rows they go to the transport, so the engine stores one chunk while the writer encodes the
 * next, and a batch never needs its whole encoding in memory at once. Nothing is stored unless
 * {@link #finish()} returns.
 */
final class ChunkedInsert implements AutoCloseable {
  /** About 1,200 realistic spans in RowBinary. */
  static final int CHUNK_BYTES = 1 << 20;

  private final ClickHouseTransport transport;
  private final String table;
  private final List<String> columns;
  private final RowSink sink;
  private final InsertDeduplication deduplication;
  private ClickHouseTransport.InsertStream stream;

  ChunkedInsert(
      ClickHouseTransport transport,
      String table,
      List<String> columns,
      RowSink sink,
      InsertDeduplication deduplication) {
    this.transport = transport;
    this.table = table;
    this.columns = columns;
    this.sink = sink;
    this.deduplication = deduplication;
  }

  /** Sends the rows encoded so far if they fill a chunk; call it between rows. */
  void flushIfFull() {
    if (sink.size() >= CHUNK_BYTES) {
      flush();
    }
  }

  private void flush() {
    if (stream == null) {
      stream = transport.openInsert(table, columns, sink.format(), deduplication);
    }
    sink.writeTo(stream);
    sink.reset();
  }

  /** Sends the remaining rows and stores the insert; does nothing when no row was encoded. */
  void finish() {
    if (sink.size() > 0) {
      flush();
    }
    if (stream != null) {
      stream.finish();
    }
  }

  @Override
  public void close() {
    if (stream != null) {
      stream.close();
    }
  }
}
