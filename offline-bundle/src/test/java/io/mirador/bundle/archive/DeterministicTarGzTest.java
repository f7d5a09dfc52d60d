package io.mirador.bundle.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.bundle.tree.BundleTree;
import io.mirador.bundle.tree.FileDigests;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterministicTarGzTest {
  private static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");
  @TempDir Path dir;

  private static BundleTree tree(Path source) throws IOException {
    Files.writeString(source, "same");
    String longName = "apps/" + "n".repeat(120) + "/" + "f".repeat(120) + ".jar";
    return BundleTree.builder()
        .bytes("z/one", "same".getBytes(StandardCharsets.UTF_8), false)
        .file("a/two", source, false)
        .bytes("bin/run", "same".getBytes(StandardCharsets.UTF_8), true)
        .bytes(longName, "same".getBytes(StandardCharsets.UTF_8), false)
        .bytes("empty1", new byte[0], false)
        .bytes("empty2", new byte[0], false)
        .bytes("caf\u00e9", "x".getBytes(StandardCharsets.UTF_8), false)
        .symlink("a/link", "two")
        .build();
  }

  @Test
  void writesSortedNormalisedEntriesAndLinksDuplicatesToTheFirst() throws IOException {
    BundleTree tree = tree(dir.resolve("src"));
    Path out = dir.resolve("t.tar.gz");
    DeterministicTarGz.Written w =
        new DeterministicTarGz("top-1", TIME, 6).write(tree, FileDigests.of(tree), out);
    List<TarArchiveEntry> entries = new ArrayList<>();
    List<String> contents = new ArrayList<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GZIPInputStream(new BufferedInputStream(Files.newInputStream(out))))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        entries.add(e);
        contents.add(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    List<String> names = entries.stream().map(TarArchiveEntry::getName).toList();
    String longName = "top-1/apps/" + "n".repeat(120) + "/" + "f".repeat(120) + ".jar";
    assertThat(names)
        .containsExactly(
            "top-1/",
            "top-1/a/",
            "top-1/a/link",
            "top-1/a/two",
            "top-1/apps/",
            "top-1/apps/" + "n".repeat(120) + "/",
            longName,
            "top-1/bin/",
            "top-1/bin/run",
            "top-1/caf\u00e9",
            "top-1/empty1",
            "top-1/empty2",
            "top-1/z/",
            "top-1/z/one");
    TarArchiveEntry two = entries.get(names.indexOf("top-1/a/two"));
    assertThat(two.isFile()).isTrue();
    assertThat(contents.get(names.indexOf("top-1/a/two"))).isEqualTo("same");
    TarArchiveEntry longOne = entries.get(names.indexOf(longName));
    assertThat(longOne.isLink()).isTrue();
    assertThat(longOne.getLinkName()).isEqualTo("top-1/a/two");
    assertThat(entries.get(names.indexOf("top-1/z/one")).getLinkName()).isEqualTo("top-1/a/two");
    // Same content, other mode: a file of its own (a hard link shares the mode).
    TarArchiveEntry run = entries.get(names.indexOf("top-1/bin/run"));
    assertThat(run.isLink()).isFalse();
    assertThat(run.getMode() & 07777).isEqualTo(0755);
    // Empty files are never linked.
    assertThat(entries.get(names.indexOf("top-1/empty2")).isLink()).isFalse();
    TarArchiveEntry link = entries.get(names.indexOf("top-1/a/link"));
    assertThat(link.isSymbolicLink()).isTrue();
    assertThat(link.getLinkName()).isEqualTo("two");
    for (TarArchiveEntry e : entries) {
      assertThat(e.getLongUserId()).isZero();
      assertThat(e.getLongGroupId()).isZero();
      assertThat(e.getUserName()).isEmpty();
      assertThat(e.getGroupName()).isEmpty();
      assertThat(e.getLastModifiedTime().toInstant()).isEqualTo(TIME);
      if (e.isDirectory()) {
        assertThat(e.getMode() & 07777).isEqualTo(0755);
      }
    }
    assertThat(w.hardLinks()).isEqualTo(2);
    assertThat(w.regularEntries()).isEqualTo(5);
    assertThat(w.compressedByPart()).containsKeys("a", "apps", "bin", "z");
  }

  @Test
  void theSameTreeGivesTheSameBytesAndOtherLevelsOrTimesDoNot() throws IOException {
    BundleTree tree = tree(dir.resolve("src"));
    FileDigests d = FileDigests.of(tree);
    Path a = dir.resolve("a.tar.gz");
    Path b = dir.resolve("b.tar.gz");
    Path c = dir.resolve("c.tar.gz");
    new DeterministicTarGz("top", TIME, 6).write(tree, d, a);
    new DeterministicTarGz("top", TIME, 6).write(tree, d, b);
    new DeterministicTarGz("top", TIME.plusSeconds(1), 6).write(tree, d, c);
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(c));
    byte[] head = Files.readAllBytes(a);
    assertThat(head[3]).as("no FNAME flag").isZero();
    assertThat(head[4] | head[5] | head[6] | head[7]).as("mtime 0").isZero();
  }

  @Test
  void theSystemTarRestoresHardLinksAsFiles() throws Exception {
    BundleTree tree = tree(dir.resolve("src"));
    Path out = dir.resolve("t.tar.gz");
    new DeterministicTarGz("top", TIME, 1).write(tree, FileDigests.of(tree), out);
    Path x = dir.resolve("x");
    Files.createDirectories(x);
    Process p =
        new ProcessBuilder("tar", "-xzf", out.toString(), "-C", x.toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
    assertThat(x.resolve("top/z/one")).hasContent("same");
    assertThat(x.resolve("top/a/two")).hasContent("same");
    assertThat(Files.readSymbolicLink(x.resolve("top/a/link")).toString()).isEqualTo("two");
  }

  @Test
  void aSourceRewrittenAfterItWasHashedFailsTheBuildNamingIt() throws IOException {
    Path source = dir.resolve("src");
    BundleTree tree = tree(source);
    FileDigests digests = FileDigests.of(tree);
    Files.writeString(source, "SAME"); // same size, other bytes
    Path out = dir.resolve("t.tar.gz");
    assertThatThrownBy(() -> new DeterministicTarGz("top", TIME, 1).write(tree, digests, out))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("a/two changed while the bundle was built");
    assertThat(out).doesNotExist();
  }

  @Test
  void refusesABadTopDirectoryOrLevel() {
    assertThatThrownBy(() -> new DeterministicTarGz("a/b", TIME, 6))
        .hasMessageContaining("one name");
    assertThatThrownBy(() -> new DeterministicTarGz("..", TIME, 6)).hasMessageContaining("'..'");
    BundleTree empty = BundleTree.builder().build();
    assertThatThrownBy(
            () ->
                new DeterministicTarGz("t", TIME, 0)
                    .write(empty, FileDigests.of(empty), dir.resolve("x")))
        .hasMessageContaining("gzip level");
    assertThat(dir.resolve("x")).doesNotExist();
  }
}
