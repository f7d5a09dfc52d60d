package io.mirador.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.store.chdb.ChdbTransport;
import io.mirador.store.testing.SharedEmbeddedEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every value the escaping function produces is read back by the real engine unchanged. */
class EscapingIT {
  private final ClickHouseTransport transport = new ChdbTransport(SharedEmbeddedEngine.engine());

  @Test
  void injectionAttemptsRoundTripAsPlainValues() {
    for (String value :
        List.of(
            "'",
            "\\",
            "\\'",
            "'; DROP DATABASE mirador; --",
            "/* */",
            "-- x",
            "a\0b",
            "\t\n\r",
            "{x:String}",
            "\\N",
            "NULL",
            "日本語 ✓ \uD83D\uDE00",
            "\u0000\u0001\u001f\u007f")) {
      assertThat(roundTrip(value))
          .as("round trip of %s", value.codePoints().boxed().toList())
          .isEqualTo(value);
    }
  }

  @Test
  void injectionAttemptsRoundTripAsArrayElements() {
    List<String> values =
        List.of(
            "'",
            "\\",
            "\\'",
            "'] OR 1 --",
            "','",
            "a\0b",
            "\t\n\r",
            "[",
            "日本語 ✓ \uD83D\uDE00",
            "",
            "plain");
    byte[] out =
        transport.query(
            "SELECT arrayStringConcat(arrayMap(x -> hex(x), {v:Array(String)}), ',')",
            QueryParameters.builder().addStrings("v", values).build(),
            "TabSeparatedRaw");
    List<String> back =
        java.util.Arrays.stream(new String(out, StandardCharsets.US_ASCII).strip().split(",", -1))
            .map(
                hex ->
                    new String(
                        java.util.HexFormat.of().parseHex(hex.toLowerCase()),
                        StandardCharsets.UTF_8))
            .toList();
    assertThat(back).containsExactlyElementsOf(values);
  }

  @Test
  void randomStringsRoundTrip() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        // Mostly control characters, quotes and backslashes, some BMP characters.
        int pick = random.nextInt(4);
        s.append(
            switch (pick) {
              case 0 -> (char) random.nextInt(0x20);
              case 1 -> "'\\\"`;{}".charAt(random.nextInt(7));
              case 2 -> (char) (0x20 + random.nextInt(0x60));
              default -> (char) (0xA0 + random.nextInt(0xD000));
            });
      }
      String value = s.toString();
      assertThat(roundTrip(value)).isEqualTo(value);
    }
  }

  private String roundTrip(String value) {
    byte[] out =
        transport.query(
            "SELECT hex({v:String})",
            QueryParameters.builder().add("v", value).build(),
            "TabSeparatedRaw");
    String hex = new String(out, StandardCharsets.US_ASCII).strip();
    return new String(java.util.HexFormat.of().parseHex(hex.toLowerCase()), StandardCharsets.UTF_8);
  }
}
