package io.mirador.ui.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void secretsAre256BitsBase64UrlAndDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String s = Secrets.random();
      assertThat(s).matches("[A-Za-z0-9_-]{43}");
      assertThat(seen.add(s)).isTrue();
    }
  }

  @Test
  void matchesComparesDigests() {
    byte[] digest = Secrets.sha256("secret");
    assertThat(Secrets.matches(digest, "secret")).isTrue();
    assertThat(Secrets.matches(digest, "secreT")).isFalse();
    assertThat(Secrets.matches(digest, "")).isFalse();
    assertThat(Secrets.matches(digest, null)).isFalse();
    assertThat(Secrets.matches(null, "secret")).isFalse();
    assertThat(Secrets.matches(Secrets.sha256("x".repeat(300)), "x".repeat(300))).isFalse();
    assertThat(Secrets.matches(Secrets.sha256("x".repeat(256)), "x".repeat(256))).isTrue();
    assertThat(Secrets.matches(Secrets.sha256("x".repeat(257)), "x".repeat(257))).isFalse();
  }

  @Test
  void sameComparesTwoSecrets() {
    assertThat(Secrets.same("abc", "abc")).isTrue();
    assertThat(Secrets.same("abc", "abd")).isFalse();
    assertThat(Secrets.same("abc", null)).isFalse();
    assertThat(Secrets.same(null, "abc")).isFalse();
  }

  @Test
  void keysAreDigestsNotTheSecret() {
    assertThat(Secrets.key("abc")).isNotEqualTo("abc").isEqualTo(Secrets.key("abc"));
    assertThat(Secrets.key("abc")).isNotEqualTo(Secrets.key("abd"));
  }
}
