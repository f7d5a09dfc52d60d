package io.mirador.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyPatternTest {
  @Test
  void exactAndGlob() {
    assertThat(KeyPattern.of("user.id").matches("user.id")).isTrue();
    assertThat(KeyPattern.of("user.id").matches("User.ID")).isTrue();
    assertThat(KeyPattern.of("user.id").matches("user.idx")).isFalse();
    assertThat(KeyPattern.of("*password*").matches("db.PASSWORD.hash")).isTrue();
    assertThat(KeyPattern.of("http.*.header.*").matches("http.request.header.cookie")).isTrue();
    assertThat(KeyPattern.of("http.*.header.*").matches("http.request.body")).isFalse();
    assertThat(KeyPattern.of("*").matches("")).isTrue();
    assertThat(KeyPattern.of("a*b*c").matches("aXbYbZc")).isTrue();
    assertThat(KeyPattern.of("a*b*c").matches("aXbYbZ")).isFalse();
  }

  @Test
  void rejectsEmptyAndHugePatterns() {
    assertThatThrownBy(() -> KeyPattern.of("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> KeyPattern.of("a".repeat(300))).hasMessageContaining("longer than");
  }
}
