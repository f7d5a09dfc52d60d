package io.mirador.installer.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarballVerifierTest {
  @TempDir Path tmp;
  private static final TarballVerifier.Limits LIMITS = TarballVerifier.Limits.DEFAULT;

  private TrustedKeys keys() {
    return TrustedKeys.ofText(TestBundle.publicKey(TestBundle.KEY));
  }

  private Path gz(TestTar t) throws Exception {
    return t.writeGzip(Files.createTempFile(tmp, "b", ".tar.gz"));
  }

  @Test
  void verifiesAndExtractsWithHardLinksAndSymlinks() throws Exception {
    Path tarball = gz(new TestBundle().tar());
    VerifiedBundle v = TarballVerifier.verify(tarball, keys(), LIMITS);
    assertThat(v.topDirectory()).isEqualTo("mirador-1.2.3");
    Path dest = tmp.resolve("out");
    TarballVerifier.extract(tarball, keys(), LIMITS, dest);
    assertThat(Files.readString(dest.resolve("apps/rca/lib/shared.jar")))
        .isEqualTo("shared jar bytes");
    assertThat(Files.isSymbolicLink(dest.resolve("runtime/lib/link.jar"))).isTrue();
    assertThat(Files.getAttribute(dest.resolve("apps/rca/lib/shared.jar"), "unix:nlink"))
        .isEqualTo(2);
    // What was extracted verifies as a directory too.
    assertThat(DirectoryVerifier.verify(dest, keys()).release().version()).isEqualTo("1.2.3");
  }

  @Test
  void agentBundleHasItsOwnTopDirectory() throws Exception {
    VerifiedBundle v = TarballVerifier.verify(gz(TestBundle.agent().tar()), keys(), LIMITS);
    assertThat(v.topDirectory()).isEqualTo("mirador-agent-1.2.3");
    assertThat(v.release().kind()).isEqualTo("agent");
  }

  @Test
  void topDirectoryThatDoesNotMatchTheKindIsRefused() throws Exception {
    TestBundle agentAsAppliance = TestBundle.agent();
    agentAsAppliance.top = "mirador-1.2.3";
    assertThatThrownBy(() -> TarballVerifier.verify(gz(agentAsAppliance.tar()), keys(), LIMITS))
        .isInstanceOf(VerificationException.class)
        .hasMessage(
            "mirador-1.2.3/: the top directory of a agent bundle of version 1.2.3 must be"
                + " mirador-agent-1.2.3/");
    TestBundle applianceAsAgent = new TestBundle();
    applianceAsAgent.top = "mirador-agent-1.2.3";
    assertThatThrownBy(() -> TarballVerifier.verify(gz(applianceAsAgent.tar()), keys(), LIMITS))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("must be mirador-1.2.3/");
    TestBundle otherVersion = new TestBundle();
    otherVersion.top = "mirador-1.2.4";
    assertThatThrownBy(() -> TarballVerifier.verify(gz(otherVersion.tar()), keys(), LIMITS))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("must be mirador-1.2.3/");
  }

  @Test
  void flippedByteInAFileNamesIt() throws Exception {
    TestBundle b = new TestBundle();
    TestTar t = b.tar();
    byte[] tar = t.tarBytes();
    int at = indexOf(tar, "core jar bytes".getBytes());
    tar[at + 2] ^= 1;
    Path tarball = writeGz(tar);
    assertThatThrownBy(() -> TarballVerifier.verify(tarball, keys(), LIMITS))
        .isInstanceOf(VerificationException.class)
        .hasMessage("apps/core/quarkus-run.jar: SHA-256 differs from the MANIFEST (modified file)");
  }

  @Test
  void flippedByteInTheCompressedStreamIsRefused() throws Exception {
    byte[] gz = Files.readAllBytes(gz(new TestBundle().tar()));
    gz[gz.length / 2] ^= 0x10;
    Path tarball = Files.write(tmp.resolve("flipped.tar.gz"), gz);
    assertThatThrownBy(() -> TarballVerifier.verify(tarball, keys(), LIMITS))
        .isInstanceOf(VerificationException.class);
  }

  @Test
  void swappedFileIsRefused() throws Exception {
    TestBundle b = new TestBundle();
    TestTar t =
        b.tarWith(
            (p, bytes) ->
                p.equals("install.sh") ? b.files.get("apps/core/quarkus-run.jar") : bytes);
    assertThatThrownBy(() -> TarballVerifier.verify(gz(t), keys(), LIMITS))
        .hasMessage("install.sh: SHA-256 differs from the MANIFEST (modified file)");
  }

  @Test
  void wrongKeyIsRefused() throws Exception {
    Path tarball = gz(new TestBundle().tar());
    assertThatThrownBy(
            () ->
                TarballVerifier.verify(
                    tarball,
                    TrustedKeys.ofText(TestBundle.publicKey(TestBundle.OTHER_KEY)),
                    LIMITS))
        .hasMessageContaining("signature not valid");
  }

  @Test
  void truncatedTarballIsRefusedAndNothingIsExtracted() throws Exception {
    byte[] gz = Files.readAllBytes(gz(new TestBundle().tar()));
    for (int cut : new int[] {gz.length - 4, gz.length / 2, 30}) {
      Path tarball = Files.write(tmp.resolve("cut" + cut + ".tar.gz"), Arrays.copyOf(gz, cut));
      assertThatThrownBy(() -> TarballVerifier.verify(tarball, keys(), LIMITS))
          .as("cut at " + cut)
          .isInstanceOf(VerificationException.class)
          .hasMessageContaining("truncated");
      Path dest = tmp.resolve("dest" + cut);
      assertThatThrownBy(() -> TarballVerifier.extract(tarball, keys(), LIMITS, dest));
      assertThat(dest).doesNotExist();
    }
  }

  @Test
  void traversalAndAbsoluteEntriesAreRefused() throws Exception {
    TestBundle b = new TestBundle();
    for (String evil :
        new String[] {
          b.top + "/../evil", "/etc/cron.d/evil", b.top + "/a/../../evil", "other/evil"
        }) {
      TestTar t = b.tar().file(evil, "x");
      assertThatThrownBy(() -> TarballVerifier.verify(gz(t), keys(), LIMITS))
          .as(evil)
          .isInstanceOf(VerificationException.class);
    }
  }

  @Test
  void unlistedEntryIsRefused() throws Exception {
    TestBundle b = new TestBundle();
    assertThatThrownBy(
            () ->
                TarballVerifier.verify(gz(b.tar().file(b.top + "/extra.jar", "x")), keys(), LIMITS))
        .hasMessage("extra.jar: not in the MANIFEST (unexpected file)");
  }

  @Test
  void missingEntryIsRefused() throws Exception {
    TestBundle b = new TestBundle();
    TestTar t = b.tarWith((p, bytes) -> p.equals("install.sh") ? null : bytes);
    assertThatThrownBy(() -> TarballVerifier.verify(gz(t), keys(), LIMITS))
        .hasMessage("install.sh: missing (listed in the MANIFEST)");
  }

  @Test
  void devicesFifosAndDuplicatesAreRefused() throws Exception {
    TestBundle b = new TestBundle();
    assertThatThrownBy(
            () -> TarballVerifier.verify(gz(b.tar().special(b.top + "/dev", '3')), keys(), LIMITS))
        .hasMessageContaining("not allowed");
    assertThatThrownBy(
            () -> TarballVerifier.verify(gz(b.tar().special(b.top + "/fifo", '6')), keys(), LIMITS))
        .hasMessageContaining("not allowed");
    assertThatThrownBy(
            () ->
                TarballVerifier.verify(
                    gz(b.tar().file(b.top + "/install.sh", "again")), keys(), LIMITS))
        .hasMessageContaining("duplicate entry");
  }

  @Test
  void escapingLinksAreRefused() throws Exception {
    TestBundle b = new TestBundle();
    assertThatThrownBy(
            () ->
                TarballVerifier.verify(
                    gz(b.tar().symlink(b.top + "/lib/x", "../../../etc/passwd")), keys(), LIMITS))
        .hasMessageContaining("outside");
    assertThatThrownBy(
            () ->
                TarballVerifier.verify(
                    gz(b.tar().symlink(b.top + "/lib/x", "/etc/passwd")), keys(), LIMITS))
        .hasMessageContaining("absolute");
    assertThatThrownBy(
            () ->
                TarballVerifier.verify(
                    gz(b.tar().hardlink(b.top + "/lib/x", "/etc/passwd")), keys(), LIMITS))
        .isInstanceOf(VerificationException.class);
    assertThatThrownBy(
            () ->
                TarballVerifier.verify(
                    gz(b.tar().hardlink(b.top + "/lib/x", b.top + "/nothing")), keys(), LIMITS))
        .hasMessageContaining("hard link");
  }

  @Test
  void oversizeIsRefused() throws Exception {
    Path tarball = gz(new TestBundle().tar());
    assertThatThrownBy(
            () ->
                TarballVerifier.verify(
                    tarball, keys(), new TarballVerifier.Limits(10, 1 << 20, 100)))
        .hasMessageContaining("larger than 10 bytes");
    assertThatThrownBy(
            () ->
                TarballVerifier.verify(
                    tarball, keys(), new TarballVerifier.Limits(1 << 20, 100, 100)))
        .hasMessageContaining("unpacks to more than");
    assertThatThrownBy(
            () ->
                TarballVerifier.verify(
                    tarball, keys(), new TarballVerifier.Limits(1 << 20, 1 << 20, 3)))
        .hasMessageContaining("more than 3 entries");
  }

  @Test
  void longNamesThroughPaxHeaders() throws Exception {
    TestBundle b = new TestBundle();
    String longPath = "apps/core/lib/" + "x".repeat(120) + ".jar";
    b.files.put(longPath, "long".getBytes());
    Path dest = tmp.resolve("long");
    TarballVerifier.extract(gz(b.tar()), keys(), LIMITS, dest);
    assertThat(Files.readString(dest.resolve(longPath))).isEqualTo("long");
  }

  @Test
  void notGzipIsRefused() throws Exception {
    Path p = Files.writeString(tmp.resolve("plain.tar.gz"), "this is not gzip");
    assertThatThrownBy(() -> TarballVerifier.verify(p, keys(), LIMITS))
        .hasMessageContaining("gzip");
  }

  private Path writeGz(byte[] tar) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(tar);
    }
    return Files.write(Files.createTempFile(tmp, "raw", ".tar.gz"), out.toByteArray());
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }
}
