package io.mirador.installer.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void roundTrip() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\u0001\n");
    m.put("n", 42L);
    m.put("neg", -7L);
    m.put("b", true);
    m.put("null", null);
    m.put("list", List.of(1L, "x", List.of()));
    m.put("empty", Map.of());
    assertThat(Json.parse(Json.write(m))).isEqualTo(m);
  }

  @Test
  void malformedIsRefused() {
    for (String bad :
        new String[] {
          "{",
          "{\"a\" 1}",
          "[1,]",
          "\"\\x\"",
          "{} x",
          "nul",
          "-",
          "\"a\nb\"",
          "[".repeat(100) + "]".repeat(100)
        }) {
      assertThatThrownBy(() -> Json.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
