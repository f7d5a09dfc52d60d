package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {
  @ParameterizedTest
  @CsvSource({
    "192.0.2.1, 192.0.2.1",
    "192.000.002.001, 192.0.2.1",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
    "2001:db8::1, 2001:db8::1",
    "[2001:db8::1], 2001:db8::1",
    "::1, ::1",
    "::, ::",
    "1::, 1::",
    "fe80::1:0:0:0:1, fe80:0:0:1::1",
    "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
    "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:0:8, 1:2:3:4:5:6:0:8",
    "::ffff:192.0.2.1, 192.0.2.1",
    "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    "1:2:3:4:5:6:192.0.2.1, 1:2:3:4:5:6:c000:201",
  })
  void canonicalForms(String in, String out) {
    assertThat(IpLiteral.canonical(in)).isEqualTo(out);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "1.2.3.4x",
        "1..2.3",
        "1.2.3.1234",
        ":1:2",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "1::2::3",
        "12345::1",
        "1:2:3:4:5:6:7::8",
        "g::1",
        "1:",
        "1:2:3:4:5:6:7:192.0.2.1",
        "::1.2.3",
        "[]",
        "1:2:3:4:5:6:7:8:1.2.3.4:5:6:7:8:9:10:11:12:13:14:15:16",
      })
  void notLiterals(String s) {
    assertThat(IpLiteral.parse(s)).isNull();
    assertThat(IpLiteral.canonical(s)).isNull();
  }

  @org.junit.jupiter.api.Test
  void parsesASlice() {
    byte[] a = IpLiteral.parse("from 192.0.2.7 ok", 5, 14);
    assertThat(a).hasSize(16);
    assertThat(a[15]).isEqualTo((byte) 7);
    assertThat(IpLiteral.isMappedV4(a)).isTrue();
    assertThat(IpLiteral.isMappedV4(IpLiteral.parse("::1"))).isFalse();
    assertThat(IpLiteral.isMappedV4(IpLiteral.parse("::fffe:1.2.3.4"))).isFalse();
    assertThat(IpLiteral.isMappedV4(IpLiteral.parse("1::ffff:1.2.3.4"))).isFalse();
  }
}
