package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.crypto.X25519KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreKeyTest {
  @TempDir Path dir;

  private static String b64(X25519KeyPair k) {
    return Base64.getEncoder().encodeToString(k.publicKey().bytes());
  }

  @Test
  void readsTheCoresPublishedDocumentAndUsesTheActiveKey() throws Exception {
    X25519KeyPair old = X25519KeyPair.generate(Fixtures.RANDOM);
    X25519KeyPair current = X25519KeyPair.generate(Fixtures.RANDOM);
    Path f = dir.resolve("core-public.json");
    Files.writeString(
        f,
        """
        {"format": "mirador-core-public-keys/v1", "region": "eu", "active": "k2",
         "keys": [
           {"keyId": "k1", "kind": "X25519", "state": "RETIRING", "publicKey": "%s"},
           {"keyId": "k2", "kind": "X25519", "state": "ACTIVE", "publicKey": "%s"}]}
        """
            .formatted(b64(old), b64(current)));
    CoreKey k = CoreKey.read(f, "eu");
    assertThat(k.keyId()).isEqualTo("k2");
    assertThat(k.publicKey()).isEqualTo(current.publicKey());
    assertThat(CoreKey.read(f, null).keyId()).isEqualTo("k2");
    // Residency: an agent of region "us" refuses the key of an "eu" core.
    assertThatThrownBy(() -> CoreKey.read(f, "us")).hasMessageContaining("region");
  }

  @Test
  void readsATextLineAndRejectsGarbage() throws Exception {
    Path f = dir.resolve("core.key");
    X25519KeyPair k = X25519KeyPair.generate(Fixtures.RANDOM);
    Files.writeString(f, "# core key\ncore-1 " + b64(k) + "\n");
    assertThat(CoreKey.read(f, null).publicKey()).isEqualTo(k.publicKey());
    Files.writeString(f, "core-1 bm90IGEga2V5");
    assertThatThrownBy(() -> CoreKey.read(f, null)).hasMessageContaining("X25519");
  }
}
