package io.mirador.bundle.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.bundle.tree.BundleTree;
import io.mirador.bundle.tree.FileDigests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  private static final String H = "a".repeat(64);
  @TempDir Path dir;

  private static Manifest parse(String text) throws ManifestException {
    return Manifest.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesOneSortedLinePerFileAndLink() throws IOException, ManifestException {
    BundleTree tree =
        BundleTree.builder()
            .bytes("b.txt", "b".getBytes(StandardCharsets.UTF_8), false)
            .bytes("a/x", "x".getBytes(StandardCharsets.UTF_8), true)
            .symlink("a/link", "x")
            .bytes("a-b", new byte[0], false)
            .build();
    Manifest m = Manifest.of(tree, FileDigests.of(tree));
    assertThat(new String(m.bytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            FileDigests.sha256(new byte[0])
                + "  a-b\nsymlink  a/link -> x\n"
                + FileDigests.sha256("x".getBytes(StandardCharsets.UTF_8))
                + "  a/x\n"
                + FileDigests.sha256("b".getBytes(StandardCharsets.UTF_8))
                + "  b.txt\n");
    assertThat(Manifest.parse(m.bytes()).lines()).isEqualTo(m.lines());
  }

  @Test
  void refusesToListItselfOrItsSignature() {
    BundleTree tree = BundleTree.builder().bytes("MANIFEST", new byte[1], false).build();
    assertThatThrownBy(() -> Manifest.of(tree, FileDigests.of(tree)))
        .hasMessageContaining("MANIFEST is written by the manifest step");
  }

  @Test
  void parsingIsStrictAndNamesTheLine() {
    assertThatThrownBy(() -> parse(H + "  b\n" + H + "  a\n"))
        .hasMessage("line 2: a is out of order or listed twice");
    assertThatThrownBy(() -> parse(H + "  a\n" + H + "  a\n"))
        .hasMessage("line 2: a is out of order or listed twice");
    assertThatThrownBy(() -> parse(H + "  a")).hasMessageContaining("does not end with a newline");
    assertThatThrownBy(() -> parse(H.toUpperCase() + "  a\n"))
        .hasMessage("line 1: not '<sha256>  <path>'");
    assertThatThrownBy(() -> parse("abc  a\n")).hasMessage("line 1: not '<sha256>  <path>'");
    assertThatThrownBy(() -> parse(H + " a\n")).hasMessage("line 1: not '<sha256>  <path>'");
    assertThatThrownBy(() -> parse(H + "  ../etc/passwd\n"))
        .hasMessageContaining("line 1: bundle path");
    assertThatThrownBy(() -> parse(H + "  /abs\n")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> parse(H + "  MANIFEST\n")).hasMessage("line 1: lists MANIFEST");
    assertThatThrownBy(() -> parse("symlink  a -> /etc\n")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> parse("symlink  a/b -> ../../x\n")).hasMessageContaining("escapes");
    assertThatThrownBy(() -> parse("symlink  a\n")).hasMessage("line 1: malformed symlink line");
    assertThatThrownBy(() -> parse("\n")).hasMessage("line 1: not '<sha256>  <path>'");
    assertThatThrownBy(() -> Manifest.parse(new byte[] {(byte) 0xff, '\n'}))
        .hasMessage("MANIFEST is not UTF-8");
  }

  @Test
  void aFifoOrDeviceWhereAFileIsListedIsNamed() throws Exception {
    Path top = dir.resolve("fifo-top");
    Files.createDirectories(top);
    Process p = new ProcessBuilder("mkfifo", top.resolve("pipe").toString()).inheritIO().start();
    org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo failed");
    Manifest m = parse(H + "  pipe\n");
    assertThat(m.check(top)).containsExactly("pipe: not a regular file");
  }

  @Test
  void anEmptyManifestIsEmpty() throws ManifestException {
    assertThat(parse("").lines()).isEmpty();
  }

  @Test
  void checkNamesEachMismatch() throws IOException, ManifestException {
    Path top = dir.resolve("top");
    Files.createDirectories(top.resolve("d"));
    Files.writeString(top.resolve("d/ok"), "ok");
    Files.writeString(top.resolve("changed"), "new");
    Files.writeString(top.resolve("extra"), "x");
    Files.writeString(top.resolve("MANIFEST"), "ignored");
    Files.createSymbolicLink(top.resolve("link"), Path.of("elsewhere"));
    Files.writeString(top.resolve("file-not-link"), "f");
    String ok = FileDigests.sha256("ok".getBytes(StandardCharsets.UTF_8));
    String old = FileDigests.sha256("old".getBytes(StandardCharsets.UTF_8));
    Manifest m =
        parse(
            old
                + "  changed\n"
                + ok
                + "  d/ok\n"
                + "symlink  file-not-link -> d/ok\n"
                + "symlink  link -> d/ok\n"
                + ok
                + "  missing\n");
    assertThat(m.check(top))
        .containsExactlyInAnyOrder(
            "changed: SHA-256 does not match the manifest",
            "extra: not in the manifest",
            "file-not-link: a file where the manifest lists a symlink",
            "link: symlink to elsewhere does not match the manifest",
            "missing: missing");
  }
}
