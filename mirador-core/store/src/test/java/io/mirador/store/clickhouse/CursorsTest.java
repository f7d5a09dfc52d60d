package io.mirador.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorsTest {

  @Test
  void roundTrips() {
    String cursor = Cursors.encode(1_700_000_000_123_456_789L, "0af7651916cd43dd8448eb211c80319c");
    assertThat(Cursors.decode(cursor))
        .isEqualTo(
            new Cursors.Position(1_700_000_000_123_456_789L, "0af7651916cd43dd8448eb211c80319c"));
  }

  @Test
  void refusesAnythingElse() {
    for (String bad :
        new String[] {
          "",
          "!!!",
          b64("1:ZZ"),
          b64("x:00"),
          b64("1:00' OR 1=1"),
          b64("99999999999999999999:00"),
          "a".repeat(200)
        }) {
      assertThatThrownBy(() -> Cursors.decode(bad)).as(bad).hasMessage("invalid cursor");
    }
  }

  @Test
  void randomInputNeverEscapesAsAnythingButInvalidCursor() {
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(100)];
      random.nextBytes(bytes);
      String candidate =
          random.nextBoolean()
              ? new String(bytes, StandardCharsets.ISO_8859_1)
              : Base64.getUrlEncoder().encodeToString(bytes);
      try {
        Cursors.decode(candidate);
      } catch (IllegalArgumentException e) {
        assertThat(e).hasMessage("invalid cursor");
      }
    }
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }
}
