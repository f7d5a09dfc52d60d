package io.mirador.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.crypto.OpenResult.Rejected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  @TempDir Path dir;

  private static KeyringProtection fastPassphrase() {
    return KeyringProtection.passphrase("correct horse battery staple".toCharArray(), 10);
  }

  @Test
  void rotationKeepsOldBatchesReadableAndSealsNewOnesWithTheNewKey() {
    Keyring core = Keyring.empty().generate("core-1", KeyKind.X25519, "", T0, RANDOM);
    core = core.promote("core-1");
    X25519KeyPair agent = X25519KeyPair.generate(RANDOM);
    BatchHeader h1 = new BatchHeader("t", "agent", "core-1", 1, Signal.LOGS);
    SealedBatch old = sealerFor(core, agent).seal(h1, new byte[] {1, 2, 3});

    // Publish: the agent learns core-2 while it is still PENDING, and keeps sealing to core-1.
    core = core.generate("core-2", KeyKind.X25519, "", T0.plusSeconds(60), RANDOM);
    assertThat(core.publicKeys())
        .extracting(Keyring.PublishedKey::keyId)
        .containsExactly("core-1", "core-2");
    assertThat(sealerFor(core, agent).recipientKeyId()).isEqualTo("core-1");

    // Promote: core-2 becomes primary; core-1 is RETIRING and still opens.
    core = core.promote("core-2");
    assertThat(core.find("core-1").orElseThrow().state()).isEqualTo(KeyState.RETIRING);
    BatchSealer rotated = sealerFor(core, agent);
    assertThat(rotated.recipientKeyId()).isEqualTo("core-2");
    SealedBatch fresh =
        rotated.seal(new BatchHeader("t", "agent", "core-2", 2, Signal.LOGS), new byte[] {4});

    BatchOpener opener = BatchOpener.builder().recipientKeys(core.recipientKeys()).build();
    assertThat(opener.open(old, agent.publicKey()).isOpened()).isTrue();
    assertThat(opener.open(fresh, agent.publicKey()).isOpened()).isTrue();

    // Retire: core-1's secret is gone, its batches no longer open, core-2's still do.
    core = core.retire("core-1");
    assertThat(core.find("core-1").orElseThrow().publicKey()).isNull();
    BatchOpener after = BatchOpener.builder().recipientKeys(core.recipientKeys()).build();
    assertThat(((Rejected) after.open(old, agent.publicKey())).reason())
        .isEqualTo(OpenResult.Reason.UNKNOWN_RECIPIENT_KEY);
    assertThat(after.open(fresh, agent.publicKey()).isOpened()).isTrue();
  }

  private static BatchSealer sealerFor(Keyring core, X25519KeyPair agent) {
    KeyEntry primary = core.primary(KeyKind.X25519, "").orElseThrow();
    return BatchSealer.builder()
        .recipient(primary.keyId(), X25519PublicKey.of(primary.publicKey()))
        .sender(agent)
        .build();
  }

  @Test
  void stateMachineRefusesUnsafeTransitions() {
    Keyring k = Keyring.empty().generate("a", KeyKind.ED25519, "", T0, RANDOM).promote("a");
    Keyring fk = k;
    assertThatThrownBy(() -> fk.promote("a")).hasMessageContaining("only a PENDING key");
    assertThatThrownBy(() -> fk.retire("a")).hasMessageContaining("promote a successor first");
    assertThatThrownBy(() -> fk.generate("a", KeyKind.ED25519, "", T0, RANDOM))
        .hasMessageContaining("already in use");
    assertThatThrownBy(() -> fk.promote("zzz")).hasMessageContaining("no key zzz");
    // Different scopes have their own ACTIVE key.
    k =
        k.generate("t1", KeyKind.HMAC_SHA256, "tenant-1", T0, RANDOM)
            .generate("t2", KeyKind.HMAC_SHA256, "tenant-2", T0, RANDOM)
            .promote("t1")
            .promote("t2");
    assertThat(k.pseudonymizationKey("tenant-1").orElseThrow().keyId()).isEqualTo("t1");
    assertThat(k.pseudonymizationKey("tenant-2").orElseThrow().token("p:", "alice", 16))
        .isNotEqualTo(k.pseudonymizationKey("tenant-1").orElseThrow().token("p:", "alice", 16));
    assertThat(k.pseudonymizationKey("tenant-3")).isEmpty();
  }

  @Test
  void fileRoundTripsUnderPassphraseAndKeyFileWith0600() throws Exception {
    Keyring k =
        Keyring.empty()
            .generate("core-1", KeyKind.X25519, "", T0, RANDOM)
            .promote("core-1")
            .generate("core-2", KeyKind.X25519, "", T0.plusSeconds(5), RANDOM)
            .generate("sign-1", KeyKind.ED25519, "", T0, RANDOM)
            .generate("hmac-ü", KeyKind.HMAC_SHA256, "tenant-ü", T0, RANDOM)
            .generate("q-1", KeyKind.QUEUE_MASTER, "", T0, RANDOM)
            .promote("core-2")
            .retire("core-1");

    Path file = dir.resolve("core.keyring");
    KeyringFile.write(file, k, fastPassphrase(), RANDOM);
    assertSameKeys(KeyringFile.read(file, fastPassphrase()), k);

    Path keyFile = dir.resolve("keyring.key");
    KeyringProtection.createKeyFile(keyFile, RANDOM);
    Path file2 = dir.resolve("agent.keyring");
    KeyringFile.write(file2, k, KeyringProtection.keyFile(keyFile), RANDOM);
    assertSameKeys(KeyringFile.read(file2, KeyringProtection.keyFile(keyFile)), k);

    if (SecureFiles.posix()) {
      for (Path p : new Path[] {file, file2, keyFile}) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
            .isEqualTo("rw-------");
      }
    }
    // No secret in the clear anywhere in the file.
    String onDisk = HexFormat.of().formatHex(Files.readAllBytes(file));
    String secret = HexFormat.of().formatHex(k.find("sign-1").orElseThrow().secretUnsafe());
    assertThat(onDisk).doesNotContain(secret);
  }

  private static void assertSameKeys(Keyring actual, Keyring expected) {
    assertThat(actual.entries()).hasSameSizeAs(expected.entries());
    for (int i = 0; i < expected.entries().size(); i++) {
      assertThat(actual.entries().get(i).sameContent(expected.entries().get(i)))
          .as(expected.entries().get(i).toString())
          .isTrue();
    }
  }

  @Test
  void wrongPassphraseModifiedOrTruncatedFilesAreRefusedClearly() throws Exception {
    Keyring k = Keyring.empty().generate("a", KeyKind.X25519, "", T0, RANDOM).promote("a");
    Path file = dir.resolve("k");
    KeyringFile.write(file, k, fastPassphrase(), RANDOM);

    assertThatThrownBy(
            () -> KeyringFile.read(file, KeyringProtection.passphrase("wrong".toCharArray(), 10)))
        .isInstanceOf(KeyringFile.InvalidKeyringException.class)
        .hasMessageContaining("wrong passphrase");
    assertThatThrownBy(() -> KeyringFile.read(file, KeyringProtection.keyFile(file)))
        .hasMessageContaining("passphrase, not a key file");

    byte[] good = Files.readAllBytes(file);
    for (int i = 0; i < good.length; i += 7) {
      byte[] bad = good.clone();
      bad[i] ^= 0x10;
      int at = i;
      assertThatThrownBy(() -> KeyringFile.decode(bad, fastPassphrase(), "k"))
          .as("byte %d", at)
          .isInstanceOf(KeyringFile.InvalidKeyringException.class);
    }
    for (int len : new int[] {0, 8, 39, 55, good.length - 1}) {
      byte[] cut = java.util.Arrays.copyOf(good, len);
      assertThatThrownBy(() -> KeyringFile.decode(cut, fastPassphrase(), "k"))
          .isInstanceOf(KeyringFile.InvalidKeyringException.class);
    }
    byte[] costly = good.clone();
    costly[9] = 40; // log2(N) = 40: refused before any work is done
    assertThatThrownBy(() -> KeyringFile.decode(costly, fastPassphrase(), "k"))
        .hasMessageContaining("scrypt parameters out of range");
  }

  @Test
  void groupReadableFilesAreRefused() throws Exception {
    if (!SecureFiles.posix()) {
      return;
    }
    Keyring k = Keyring.empty().generate("a", KeyKind.X25519, "", T0, RANDOM);
    Path file = dir.resolve("k");
    KeyringFile.write(file, k, fastPassphrase(), RANDOM);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> KeyringFile.read(file, fastPassphrase()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("must be 0600");
  }

  @Test
  void secretsNeverAppearInToString() {
    Keyring k = Keyring.empty().generate("a", KeyKind.HMAC_SHA256, "t", T0, RANDOM);
    String secret = HexFormat.of().formatHex(k.find("a").orElseThrow().secretUnsafe());
    assertThat(k.toString()).doesNotContain(secret).contains("a", "HMAC_SHA256", "PENDING");
    assertThat(KeyringProtection.passphrase("hunter2".toCharArray()).toString())
        .doesNotContain("hunter2");
  }
}
