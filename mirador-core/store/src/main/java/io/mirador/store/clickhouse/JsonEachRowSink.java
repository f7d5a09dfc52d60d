package io.mirador.store.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Encodes rows as JSONEachRow: one JSON object per line, keys named after the insert columns. Kept
 * beside RowBinary so that the two can be measured against each other (benchmarks/README.md) and as
 * a readable format for debugging an insert.
 */
final class JsonEachRowSink implements RowSink {
  private static final java.time.format.DateTimeFormatter ISO_NANOS =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);
  private final List<String> columns;
  private final StringBuilder out = new StringBuilder(4096);
  private final Deque<int[]> containers = new ArrayDeque<>(); // {kind, index}: 0 array, 1 map
  private int column;

  JsonEachRowSink(List<String> columns) {
    this.columns = List.copyOf(columns);
  }

  @Override
  public void beginRow() {
    out.append('{');
    column = 0;
  }

  @Override
  public void endRow() {
    out.append("}\n");
  }

  private void beforeValue() {
    int[] container = containers.peek();
    if (container == null) {
      if (column > 0) {
        out.append(',');
      }
      quote(columns.get(column++));
      out.append(':');
      return;
    }
    int index = container[1]++;
    if (container[0] == 0) {
      if (index > 0) {
        out.append(',');
      }
    } else if (index % 2 == 0) {
      if (index > 0) {
        out.append(',');
      }
    } else {
      out.append(':');
    }
  }

  @Override
  public void string(String value) {
    beforeValue();
    quote(value);
  }

  private void quote(String value) {
    AttributeValues.quote(out, value);
  }

  @Override
  public void hexString(byte[] bytes) {
    beforeValue();
    out.append('"').append(java.util.HexFormat.of().formatHex(bytes)).append('"');
  }

  @Override
  public void uint8(int value) {
    beforeValue();
    out.append(value & 0xFF);
  }

  @Override
  public void uint16(int value) {
    beforeValue();
    out.append(value & 0xFFFF);
  }

  @Override
  public void uint32(long value) {
    beforeValue();
    out.append(value & 0xFFFFFFFFL);
  }

  @Override
  public void int32(int value) {
    beforeValue();
    out.append(value);
  }

  @Override
  public void uint64(long value) {
    beforeValue();
    out.append(Long.toUnsignedString(value));
  }

  @Override
  public void float64(double value) {
    beforeValue();
    if (Double.isFinite(value)) {
      out.append(value);
    } else {
      out.append('"').append(Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf").append('"');
    }
  }

  @Override
  public void bool(boolean value) {
    beforeValue();
    out.append(value);
  }

  @Override
  public void dateTime64Nanos(long epochNanos) {
    beforeValue();
    // ISO 8601 in UTC with nine fractional digits parses exactly into DateTime64(9).
    java.time.Instant instant =
        java.time.Instant.ofEpochSecond(
            Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    out.append('"').append(ISO_NANOS.format(instant)).append('"');
  }

  @Override
  public void beginArray(int size) {
    beforeValue();
    out.append('[');
    containers.push(new int[] {0, 0});
  }

  @Override
  public void endArray() {
    containers.pop();
    out.append(']');
  }

  @Override
  public void beginMap(int size) {
    beforeValue();
    out.append('{');
    containers.push(new int[] {1, 0});
  }

  @Override
  public void endMap() {
    containers.pop();
    out.append('}');
  }

  @Override
  public byte[] toByteArray() {
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void writeTo(ClickHouseTransport.InsertStream stream) {
    byte[] bytes = toByteArray();
    stream.append(bytes, 0, bytes.length);
  }

  @Override
  public int size() {
    return out.length();
  }

  @Override
  public void reset() {
    out.setLength(0);
    containers.clear();
  }

  @Override
  public InsertFormat format() {
    return InsertFormat.JSON_EACH_ROW;
  }
}
