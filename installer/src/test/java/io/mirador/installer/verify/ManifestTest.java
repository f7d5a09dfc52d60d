package io.mirador.installer.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestTest {
  private static final String H = "a".repeat(64);

  private static Manifest parse(String text) throws VerificationException {
    return Manifest.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesFilesAndSymlinks() throws Exception {
    Manifest m = parse(H + "  VERSION\n" + "symlink  lib/a.so -> ../b/a.so\n" + H + "  b/a.so\n");
    assertThat(m.entries()).containsOnlyKeys("VERSION", "lib/a.so", "b/a.so");
    assertThat(m.entries().get("lib/a.so").symlinkTarget()).isEqualTo("../b/a.so");
    assertThat(m.entries().get("VERSION").sha256()).isEqualTo(H);
  }

  @Test
  void refusesTraversalAbsoluteAndOddSegments() {
    for (String bad :
        new String[] {"../etc/passwd", "/etc/passwd", "a//b", "a/./b", "a/../../b", "a\\b"}) {
      assertThatThrownBy(() -> parse(H + "  " + bad + "\n"))
          .as(bad)
          .isInstanceOf(VerificationException.class)
          .hasMessageContaining("MANIFEST line 1");
    }
  }

  @Test
  void refusesSymlinksThatEscape() {
    assertThatThrownBy(() -> parse("symlink  lib/a -> ../../outside\n"))
        .hasMessageContaining("points outside the bundle");
    assertThatThrownBy(() -> parse("symlink  lib/a -> /etc/passwd\n"))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> parse("symlink  a -> ..\n")).hasMessageContaining("outside");
  }

  @Test
  void acceptsSymlinkThatClimbsButStaysInside() throws Exception {
    assertThat(parse("symlink  a/b/c -> ../../d\n").entries()).containsKey("a/b/c");
  }

  @Test
  void refusesMalformedLines() {
    assertThatThrownBy(() -> parse("A".repeat(64) + "  x\n"))
        .hasMessageContaining("lower-case hex");
    assertThatThrownBy(() -> parse(H + " x\n")).hasMessageContaining("expected");
    assertThatThrownBy(() -> parse(H.substring(1) + "  x\n")).hasMessageContaining("expected");
    assertThatThrownBy(() -> parse(H + "  x\n\n")).hasMessageContaining("empty line");
    assertThatThrownBy(() -> parse("symlink  x\n")).hasMessageContaining("malformed symlink");
    assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
  }

  @Test
  void refusesTruncationDuplicatesAndSelfListing() {
    assertThatThrownBy(() -> parse(H + "  x")).hasMessageContaining("truncated");
    assertThatThrownBy(() -> parse(H + "  x\n" + H + "  x\n")).hasMessageContaining("twice");
    assertThatThrownBy(() -> parse(H + "  MANIFEST\n")).hasMessageContaining("itself");
    assertThatThrownBy(() -> parse(H + "  MANIFEST.minisig\n")).hasMessageContaining("itself");
  }

  @Test
  void refusesNonUtf8() {
    byte[] bytes = (H + "  x\n").getBytes(StandardCharsets.UTF_8);
    bytes[66] = (byte) 0xff;
    assertThatThrownBy(() -> Manifest.parse(bytes)).hasMessageContaining("UTF-8");
  }
}
