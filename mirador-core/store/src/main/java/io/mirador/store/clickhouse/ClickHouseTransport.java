package io.mirador.store.clickhouse;

import java.util.List;

/**
 * How statements reach ClickHouse: the embedded engine in this process, or a server over HTTP. The
 * store generates every statement once; a transport only carries it. Implementations are
 * thread-safe.
 */
public interface ClickHouseTransport extends AutoCloseable {

  /**
   * Runs {@code sql} with {@code parameters} bound to its {@code {name:Type}} placeholders and
   * returns the result in {@code format} (for example {@code JSONEachRow}).
   *
   * @throws io.mirador.store.StoreException with ClickHouse's message when the statement fails
   */
  byte[] query(String sql, QueryParameters parameters, String format);

  /** Runs a statement that returns nothing (DDL, mutations). */
  default void execute(String sql) {
    query(sql, QueryParameters.none(), "TabSeparated");
  }

  /**
   * Inserts {@code rows}, encoded in {@code format}, into {@code table}'s {@code columns}.
   *
   * @param table a qualified table name, {@code database.table}
   */
  default void insert(String table, List<String> columns, InsertFormat format, byte[] rows) {
    insert(table, columns, format, rows, InsertDeduplication.off());
  }

  /** {@link #insert(String, List, InsertFormat, byte[])} deduplicated as {@code deduplication}. */
  default void insert(
      String table,
      List<String> columns,
      InsertFormat format,
      byte[] rows,
      InsertDeduplication deduplication) {
    try (InsertStream stream = openInsert(table, columns, format, deduplication)) {
      stream.append(rows, 0, rows.length);
      stream.finish();
    }
  }

  /**
   * Starts one insert statement whose rows arrive in chunks, so that a writer can encode the next
   * chunk while the engine takes the last. The rows are stored when {@link InsertStream#finish()}
   * returns; a stream closed before that stores nothing. One stream at a time per transport, used
   * by one thread.
   */
  InsertStream openInsert(String table, List<String> columns, InsertFormat format);

  /**
   * {@link #openInsert(String, List, InsertFormat)} deduplicated as {@code deduplication} says. A
   * transport that cannot carry the settings inserts without them when deduplication is off, and
   * refuses a token rather than ignore it.
   */
  default InsertStream openInsert(
      String table, List<String> columns, InsertFormat format, InsertDeduplication deduplication) {
    if (deduplication.token().isPresent()) {
      throw new UnsupportedOperationException(describe() + " does not carry insert tokens");
    }
    return openInsert(table, columns, format);
  }

  /** An open insert statement. */
  interface InsertStream extends AutoCloseable {
    /** Appends encoded rows; a chunk ends at a row boundary. */
    void append(byte[] rows, int offset, int length);

    /** Ends the input and stores the rows. */
    void finish();

    /** Releases the statement; abandons the insert unless {@link #finish()} returned. */
    @Override
    void close();
  }

  /** A short description for logs, never with credentials. */
  String describe();

  @Override
  void close();
}
