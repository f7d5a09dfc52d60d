package io.mirador.store.clickhouse;

/**
 * Receives rows column by column, in the order of the table's insert columns, and encodes them in
 * one wire format. The row encoders walk OTLP once and drive any sink, so the formats cannot drift
 * apart.
 */
interface RowSink {
  void beginRow();

  void endRow();

  /** String, LowCardinality(String). */
  void string(String value);

  /** A String column holding {@code bytes} as lower-case hex (trace and span ids). */
  void hexString(byte[] bytes);

  void uint8(int value);

  void uint16(int value);

  void uint32(long value);

  void int32(int value);

  void uint64(long value);

  void float64(double value);

  void bool(boolean value);

  /** DateTime64(9) from nanoseconds since the epoch. */
  void dateTime64Nanos(long epochNanos);

  /** Starts an Array of {@code size} elements; the elements follow, then {@link #endArray()}. */
  void beginArray(int size);

  void endArray();

  /** Starts a Map(String, String) of {@code size} entries: key, value, key, value, ... */
  void beginMap(int size);

  void endMap();

  /** The encoded rows so far; the sink may be reused after {@link #reset()}. */
  byte[] toByteArray();

  /** Appends the encoded rows so far to {@code stream}, without copying where it can. */
  void writeTo(ClickHouseTransport.InsertStream stream);

  /** Bytes encoded so far. */
  int size();

  void reset();

  InsertFormat format();
}
