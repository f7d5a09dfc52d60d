package io.mirador.installer.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryVerifierTest {
  @TempDir Path tmp;

  private TrustedKeys keys() {
    return TrustedKeys.ofText(TestBundle.publicKey(TestBundle.KEY));
  }

  @Test
  void verifiesAnIntactBundle() throws Exception {
    Path root = new TestBundle().writeDirectory(tmp);
    VerifiedBundle v = DirectoryVerifier.verify(root, keys());
    assertThat(v.release().version()).isEqualTo("1.2.3");
    assertThat(v.release().schema()).isEqualTo(4);
    assertThat(v.manifest().entries()).hasSize(7);
  }

  @Test
  void flippedByteNamesTheFile() throws Exception {
    Path root = new TestBundle().writeDirectory(tmp);
    Path jar = root.resolve("apps/core/quarkus-run.jar");
    byte[] b = Files.readAllBytes(jar);
    b[3] ^= 1;
    Files.write(jar, b);
    assertThatThrownBy(() -> DirectoryVerifier.verify(root, keys()))
        .isInstanceOf(VerificationException.class)
        .hasMessage("apps/core/quarkus-run.jar: SHA-256 differs from the MANIFEST (modified file)");
  }

  @Test
  void swappedFilesAreCaught() throws Exception {
    Path root = new TestBundle().writeDirectory(tmp);
    Path a = root.resolve("install.sh");
    Path b = root.resolve("apps/core/quarkus-run.jar");
    byte[] ab = Files.readAllBytes(a);
    Files.write(a, Files.readAllBytes(b));
    Files.write(b, ab);
    assertThatThrownBy(() -> DirectoryVerifier.verify(root, keys()))
        .hasMessageContaining("SHA-256 differs");
  }

  @Test
  void missingAndExtraFilesAreNamed() throws Exception {
    Path root = new TestBundle().writeDirectory(tmp);
    Files.delete(root.resolve("install.sh"));
    assertThatThrownBy(() -> DirectoryVerifier.verify(root, keys()))
        .hasMessage("install.sh: missing (listed in the MANIFEST)");
    Path root2 = new TestBundle().writeDirectory(tmp.resolve("two"));
    Files.writeString(root2.resolve("apps/core/lib/evil.jar"), "x");
    assertThatThrownBy(() -> DirectoryVerifier.verify(root2, keys()))
        .hasMessageContaining("apps/core/lib/evil.jar: not in the MANIFEST");
  }

  @Test
  void wrongKeyIsRefused() throws Exception {
    Path root = new TestBundle().writeDirectory(tmp);
    assertThatThrownBy(
            () ->
                DirectoryVerifier.verify(
                    root, TrustedKeys.ofText(TestBundle.publicKey(TestBundle.OTHER_KEY))))
        .hasMessageContaining("signature not valid");
  }

  @Test
  void modifiedManifestIsRefused() throws Exception {
    Path root = new TestBundle().writeDirectory(tmp);
    Path m = root.resolve("MANIFEST");
    Files.writeString(m, Files.readString(m).replace("install.sh", "install.sx"));
    assertThatThrownBy(() -> DirectoryVerifier.verify(root, keys()))
        .hasMessageContaining("signature");
  }

  @Test
  void changedSymlinkIsRefused() throws Exception {
    Path root = new TestBundle().writeDirectory(tmp);
    Path link = root.resolve("runtime/lib/link.jar");
    Files.delete(link);
    Files.createSymbolicLink(link, Path.of("../../install.sh"));
    assertThatThrownBy(() -> DirectoryVerifier.verify(root, keys()))
        .hasMessageContaining("symlink target differs");
  }

  @Test
  void versionFileMustMatchTheSignature() throws Exception {
    TestBundle b = new TestBundle();
    b.version = "9.9.9"; // signed as 9.9.9, VERSION says 1.2.3
    Path root = b.writeDirectory(tmp);
    assertThatThrownBy(() -> DirectoryVerifier.verify(root, keys()))
        .hasMessageContaining("but the signature is for");
  }

  @Test
  void trustedKeysDirectoryMustHoldAKey() throws Exception {
    Files.createDirectories(tmp.resolve("keys"));
    assertThatThrownBy(() -> TrustedKeys.ofDirectory(tmp.resolve("keys")))
        .hasMessageContaining("--key");
    TestBundle.keyFile(tmp.resolve("keys"), TestBundle.OTHER_KEY);
    TestBundle.keyFile(tmp.resolve("keys"), TestBundle.KEY);
    Path root = new TestBundle().writeDirectory(tmp);
    assertThat(
            DirectoryVerifier.verify(root, TrustedKeys.ofDirectory(tmp.resolve("keys")))
                .release()
                .kind())
        .isEqualTo("appliance");
  }
}
