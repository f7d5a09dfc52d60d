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
  void insert(String table, List<String> columns, InsertFormat format, byte[] rows);

  /** A short description for logs, never with credentials. */
  String describe();

  @Override
  void close();
}
