package io.mirador.bundle.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mirador.crypto.DetachedSignature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseKeyTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  @TempDir Path dir;

  @Test
  void isGeneratedOnFirstUseWithOwnerOnlyPermissionsAndLoadedAfterwards() throws IOException {
    Path keys = dir.resolve("release-key");
    ReleaseKey first = ReleaseKey.loadOrGenerate(keys, RANDOM);
    assertThat(first.generated()).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keys.resolve(ReleaseKey.SECRET_FILE))))
        .isEqualTo("rw-------");
    assertThat(keys.resolve(ReleaseKey.PUBLIC_FILE)).hasContent(first.publicKeyFile().strip());

    ReleaseKey again = ReleaseKey.loadOrGenerate(keys, RANDOM);
    assertThat(again.generated()).isFalse();
    assertThat(again.publicKeyFile()).isEqualTo(first.publicKeyFile());
    String sig = again.sign(new ByteArrayInputStream(new byte[] {1, 2}), "mirador appliance 1");
    assertThat(DetachedSignature.verify(first.publicKeyFile(), new byte[] {1, 2}, sig).isValid())
        .isTrue();
    assertThat(first.toString())
        .doesNotContain(Files.readString(keys.resolve(ReleaseKey.SECRET_FILE)).split("\n")[1]);
  }

  @Test
  void refusesAKeyFileOthersCanRead() throws IOException {
    Path keys = dir.resolve("k");
    ReleaseKey.loadOrGenerate(keys, RANDOM);
    Files.setPosixFilePermissions(
        keys.resolve(ReleaseKey.SECRET_FILE), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> ReleaseKey.load(keys))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void refusesACorruptOrForeignKeyFile() throws IOException {
    Path keys = dir.resolve("k");
    ReleaseKey.loadOrGenerate(keys, RANDOM);
    Path secret = keys.resolve(ReleaseKey.SECRET_FILE);
    String[] lines = Files.readString(secret).split("\n");
    byte[] blob = Base64.getDecoder().decode(lines[1]);

    byte[] flipped = blob.clone();
    flipped[70] ^= 1; // inside the secret key: the checksum no longer matches
    Files.writeString(secret, lines[0] + "\n" + Base64.getEncoder().encodeToString(flipped) + "\n");
    assertThatThrownBy(() -> ReleaseKey.load(keys)).hasMessageContaining("checksum");

    byte[] encrypted = blob.clone();
    encrypted[2] = 'S';
    encrypted[3] = 'c';
    Files.writeString(
        secret, lines[0] + "\n" + Base64.getEncoder().encodeToString(encrypted) + "\n");
    assertThatThrownBy(() -> ReleaseKey.load(keys)).hasMessageContaining("password-protected");

    Files.writeString(secret, "garbage\n");
    assertThatThrownBy(() -> ReleaseKey.load(keys))
        .hasMessageContaining("not a minisign secret key");

    Files.writeString(secret, lines[0] + "\n" + lines[1] + "\n");
    Files.writeString(
        keys.resolve(ReleaseKey.PUBLIC_FILE),
        "untrusted comment: x\nRWQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
    assertThatThrownBy(() -> ReleaseKey.load(keys))
        .hasMessageContaining("is not the public key of");
  }

  /** The key file is minisign's own format: the stock tool signs with it, we verify. */
  @Test
  void theStockMinisignSignsWithTheKeyFileAndVerifiesOurSignatures() throws Exception {
    assumeTrue(onPath("minisign"), "minisign not installed (apt-get install minisign)");
    Path keys = dir.resolve("k");
    ReleaseKey key = ReleaseKey.loadOrGenerate(keys, RANDOM);
    Path data = dir.resolve("data.txt");
    Files.writeString(data, "mirador\n");

    Process sign =
        new ProcessBuilder(
                "minisign",
                "-S",
                "-s",
                keys.resolve(ReleaseKey.SECRET_FILE).toString(),
                "-m",
                data.toString(),
                "-t",
                "signed by the stock tool")
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    String out = new String(sign.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sign.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(sign.exitValue()).as(out).isZero();
    String sig = Files.readString(dir.resolve("data.txt.minisig"));
    assertThat(DetachedSignature.verify(key.publicKeyFile(), Files.readAllBytes(data), sig))
        .isEqualTo(new DetachedSignature.Verification.Valid("signed by the stock tool"));

    Files.writeString(
        dir.resolve("data.txt.minisig"), key.sign(Files.newInputStream(data), "ours"));
    Process verify =
        new ProcessBuilder(
                "minisign",
                "-V",
                "-m",
                data.toString(),
                "-p",
                keys.resolve(ReleaseKey.PUBLIC_FILE).toString())
            .redirectErrorStream(true)
            .start();
    String vout = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(verify.exitValue()).as(vout).isZero();
    assertThat(vout).contains("Trusted comment: ours");
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
