package io.mirador.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RowBinarySinkTest {

  private static String hex(RowBinarySink sink) {
    return HexFormat.of().formatHex(sink.toByteArray());
  }

  @Test
  void encodesFixedWidthNumbersLittleEndian() {
    RowBinarySink sink = new RowBinarySink(0);
    sink.uint8(0xAB);
    sink.uint16(0x0102);
    sink.int32(-2);
    sink.uint64(0x0102030405060708L);
    sink.float64(1.0);
    sink.bool(true);
    assertThat(hex(sink))
        .isEqualTo("ab" + "0201" + "feffffff" + "0807060504030201" + "000000000000f03f" + "01");
  }

  @Test
  void prefixesStringsAndCollectionsWithLeb128Lengths() {
    RowBinarySink sink = new RowBinarySink(0);
    sink.string("ab");
    sink.string("é"); // two UTF-8 bytes
    sink.beginArray(300); // 300 = 0b1_0010_1100 -> ac 02
    assertThat(hex(sink)).isEqualTo("026162" + "02c3a9" + "ac02");
  }

  @Test
  void growsPastItsInitialCapacityAndResets() {
    RowBinarySink sink = new RowBinarySink(64);
    String long1000 = "x".repeat(1000);
    sink.string(long1000);
    assertThat(sink.size()).isEqualTo(2 + 1000);
    sink.reset();
    assertThat(sink.size()).isZero();
  }
}
