package io.mirador.bundle.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundlePathTest {
  @Test
  void refusesEveryPathThatCouldEscapeOrConfuse() {
    for (String bad :
        List.of(
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a/./b",
            "a//b",
            "a/",
            ".",
            "..",
            "a\\b",
            "a\nb",
            "a\u0000b",
            "a\tb",
            "x".repeat(256),
            "a/" + "y".repeat(1100))) {
      assertThatThrownBy(() -> BundlePath.of(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> BundlePath.of("../x")).hasMessageContaining("'..' segment");
    assertThatThrownBy(() -> BundlePath.of("/x")).hasMessageContaining("absolute");
  }

  @Test
  void acceptsOrdinaryPaths() {
    assertThat(BundlePath.of("apps/core/lib/main/io.quarkus.quarkus-core-3.37.4.jar").fileName())
        .isEqualTo("io.quarkus.quarkus-core-3.37.4.jar");
    assertThat(BundlePath.of("a/b/c").parent()).isEqualTo(BundlePath.of("a/b"));
    assertThat(BundlePath.of("a").parent()).isNull();
    assertThat(BundlePath.of("a/..b").value()).isEqualTo("a/..b");
    assertThat(BundlePath.of("a/b").startsWith("a")).isTrue();
    assertThat(BundlePath.of("ab/c").startsWith("a")).isFalse();
  }

  @Test
  void ordersBytewiseByUtf8NotByUtf16() {
    List<BundlePath> paths =
        new ArrayList<>(
            List.of(
                BundlePath.of("b"),
                BundlePath.of("a/b"),
                BundlePath.of("a-b"),
                BundlePath.of("\uFF21"), // U+FF21: UTF-8 EF BC A1
                BundlePath.of("\uD83D\uDE00"), // U+1F600: UTF-8 F0 9F 98 80, UTF-16 D83D < FF21
                BundlePath.of("A")));
    paths.sort(null);
    assertThat(paths.stream().map(BundlePath::value))
        .containsExactly("A", "a-b", "a/b", "b", "\uFF21", "\uD83D\uDE00");
  }
}
