package io.mirador.store.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes rows in ClickHouse's RowBinary format: little-endian fixed-width numbers, strings and
 * collection sizes prefixed by an unsigned LEB128 length.
 */
final class RowBinarySink implements RowSink {
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private byte[] buffer;
  private int size;

  RowBinarySink(int initialCapacity) {
    buffer = new byte[Math.max(64, initialCapacity)];
  }

  @Override
  public void beginRow() {}

  @Override
  public void endRow() {}

  @Override
  public void string(String value) {
    // The JDK encodes Latin-1-backed ASCII strings to UTF-8 with a vectorised copy.
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    varint(utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, buffer, size, utf8.length);
    size += utf8.length;
  }

  @Override
  public void hexString(byte[] bytes) {
    varint(bytes.length * 2L);
    ensure(bytes.length * 2);
    for (byte b : bytes) {
      buffer[size++] = HEX_DIGITS[(b >> 4) & 0xF];
      buffer[size++] = HEX_DIGITS[b & 0xF];
    }
  }

  @Override
  public void uint8(int value) {
    ensure(1);
    buffer[size++] = (byte) value;
  }

  @Override
  public void uint16(int value) {
    ensure(2);
    buffer[size++] = (byte) value;
    buffer[size++] = (byte) (value >>> 8);
  }

  @Override
  public void uint32(long value) {
    int32((int) value);
  }

  @Override
  public void int32(int value) {
    ensure(4);
    buffer[size++] = (byte) value;
    buffer[size++] = (byte) (value >>> 8);
    buffer[size++] = (byte) (value >>> 16);
    buffer[size++] = (byte) (value >>> 24);
  }

  @Override
  public void uint64(long value) {
    ensure(8);
    for (int shift = 0; shift < 64; shift += 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
  }

  @Override
  public void float64(double value) {
    uint64(Double.doubleToRawLongBits(value));
  }

  @Override
  public void bool(boolean value) {
    uint8(value ? 1 : 0);
  }

  @Override
  public void dateTime64Nanos(long epochNanos) {
    uint64(epochNanos);
  }

  @Override
  public void beginArray(int size) {
    varint(size);
  }

  @Override
  public void endArray() {}

  @Override
  public void beginMap(int size) {
    varint(size);
  }

  @Override
  public void endMap() {}

  @Override
  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  @Override
  public void writeTo(ClickHouseTransport.InsertStream stream) {
    stream.append(buffer, 0, size);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void reset() {
    size = 0;
  }

  @Override
  public InsertFormat format() {
    return InsertFormat.ROW_BINARY;
  }

  private void varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[size++] = (byte) value;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      long wanted = Math.max((long) buffer.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("insert batch exceeds 2 GiB; write smaller batches");
      }
      buffer = Arrays.copyOf(buffer, (int) wanted);
    }
  }
}
