package io.mirador.bundle.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SymlinkEntryTest {
  @Test
  void refusesTargetsThatLeaveTheTopDirectory() {
    assertThatThrownBy(() -> new SymlinkEntry(BundlePath.of("a/link"), "/etc/passwd"))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> new SymlinkEntry(BundlePath.of("a/link"), "../../x"))
        .hasMessageContaining("escapes");
    assertThatThrownBy(() -> new SymlinkEntry(BundlePath.of("link"), "../x"))
        .hasMessageContaining("escapes");
    assertThatThrownBy(() -> new SymlinkEntry(BundlePath.of("a/link"), "b/../../../x"))
        .hasMessageContaining("escapes");
    assertThatThrownBy(() -> new SymlinkEntry(BundlePath.of("a/link"), ".."))
        .hasMessageContaining("top directory itself");
    assertThatThrownBy(() -> new SymlinkEntry(BundlePath.of("a/link"), ""))
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> new SymlinkEntry(BundlePath.of("a/link"), "x\ny"))
        .hasMessageContaining("control character");
  }

  @Test
  void acceptsTargetsInsideTheBundle() {
    assertThat(new SymlinkEntry(BundlePath.of("a/b/link"), "../c").target()).isEqualTo("../c");
    assertThat(new SymlinkEntry(BundlePath.of("a/link"), "./b/../c").target())
        .isEqualTo("./b/../c");
    assertThat(new SymlinkEntry(BundlePath.of("link"), "lib/x.so").target()).isEqualTo("lib/x.so");
  }

  @Test
  void aTreeRefusesAFileWhereADirectoryIsImpliedAndTwoEntriesAtOnePath() {
    BundleTree.Builder b =
        BundleTree.builder().bytes("a", new byte[1], false).bytes("a/b", new byte[1], false);
    assertThatThrownBy(b::build).hasMessageContaining("a is a file and also a directory of a/b");
    assertThatThrownBy(
            () ->
                BundleTree.builder().bytes("x", new byte[1], false).bytes("x", new byte[2], false))
        .hasMessageContaining("two entries at x");
  }
}
