package io.mirador.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.core.config.KeysConfig;
import io.mirador.store.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreKeysTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private KeysConfig config(Optional<String> passphraseEnv) {
    return new KeysConfig(
        dir.resolve("keys/core.keyring"),
        dir.resolve("keys/core.keyring.key"),
        passphraseEnv,
        dir.resolve("keys/core-public.json"));
  }

  private CoreKeys open(KeysConfig config, Map<String, String> env) throws Exception {
    return CoreKeys.open(
        config, "eu", List.of(TenantId.of("acme")), env::get, Clock.systemUTC(), RANDOM);
  }

  @Test
  void createsAKeyringOwnerOnlyAndPublishesOnlyPublicKeys() throws Exception {
    KeysConfig config = config(Optional.empty());
    CoreKeys keys = open(config, Map.of());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.keyring())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.keyFile())))
        .isEqualTo("rw-------");
    JsonNode doc = new ObjectMapper().readTree(Files.readString(config.publishTo()));
    assertThat(doc.path("format").asText()).isEqualTo(CoreKeys.PUBLIC_FORMAT);
    assertThat(doc.path("active").asText()).isEqualTo(keys.activeKeyId());
    assertThat(doc.path("keys")).hasSize(1);
    byte[] published =
        Base64.getDecoder().decode(doc.path("keys").get(0).path("publicKey").asText());
    assertThat(published)
        .isEqualTo(keys.recipientKeys().find(keys.activeKeyId()).publicKey().bytes());
    // Only public fields are published.
    doc.path("keys")
        .get(0)
        .fieldNames()
        .forEachRemaining(
            f -> assertThat(f).isIn("keyId", "kind", "state", "createdAt", "publicKey"));
    assertThat(Files.readString(config.publishTo())).doesNotContain("HMAC");
    assertThat(keys.pseudonymizationKey(TenantId.of("acme"))).isPresent();
    assertThat(keys.pseudonymizationKey(TenantId.of("other"))).isEmpty();
  }

  @Test
  void reopensTheSameKeys() throws Exception {
    KeysConfig config = config(Optional.empty());
    CoreKeys first = open(config, Map.of());
    CoreKeys second = open(config, Map.of());
    assertThat(second.activeKeyId()).isEqualTo(first.activeKeyId());
    assertThat(second.recipientKeys().find(first.activeKeyId()).publicKey())
        .isEqualTo(first.recipientKeys().find(first.activeKeyId()).publicKey());
  }

  @Test
  void rotationPublishesTheNewKeyAndTheOldOneStillOpensUntilRetired() throws Exception {
    KeysConfig config = config(Optional.empty());
    CoreKeys keys = open(config, Map.of());
    String old = keys.activeKeyId();
    String fresh = keys.rotate();

    assertThat(keys.activeKeyId()).isEqualTo(fresh);
    assertThat(keys.recipientKeys().find(old)).isNotNull();
    JsonNode doc = new ObjectMapper().readTree(Files.readString(config.publishTo()));
    assertThat(doc.path("active").asText()).isEqualTo(fresh);
    assertThat(doc.path("keys").findValuesAsText("state")).contains("ACTIVE", "RETIRING");

    assertThat(keys.retire(fresh)).isEqualTo(CoreKeys.RetireOutcome.ACTIVE_KEY);
    assertThat(keys.retire("nope")).isEqualTo(CoreKeys.RetireOutcome.NOT_FOUND);
    assertThat(keys.retire(old)).isEqualTo(CoreKeys.RetireOutcome.RETIRED);
    assertThat(keys.recipientKeys().find(old)).isNull();
    // Persisted: a restart sees the rotation.
    assertThat(open(config, Map.of()).activeKeyId()).isEqualTo(fresh);
  }

  @Test
  void passphraseProtectionNeedsTheVariable() throws Exception {
    KeysConfig config = config(Optional.of("CORE_PASS"));
    assertThatThrownBy(() -> open(config, Map.of()))
        .isInstanceOf(CoreKeys.KeyringUnavailableException.class)
        .hasMessageContaining("CORE_PASS");
    CoreKeys keys = open(config, Map.of("CORE_PASS", "correct horse battery staple"));
    assertThat(open(config, Map.of("CORE_PASS", "correct horse battery staple")).activeKeyId())
        .isEqualTo(keys.activeKeyId());
    assertThatThrownBy(() -> open(config, Map.of("CORE_PASS", "wrong")))
        .isInstanceOf(CoreKeys.KeyringUnavailableException.class);
    assertThat(Files.exists(config.keyFile())).isFalse();
  }

  @Test
  void aKeyringWithoutItsKeyFileStopsTheStart() throws Exception {
    KeysConfig config = config(Optional.empty());
    open(config, Map.of());
    Files.delete(config.keyFile());
    assertThatThrownBy(() -> open(config, Map.of()))
        .isInstanceOf(CoreKeys.KeyringUnavailableException.class)
        .hasMessageContaining("key file");
  }
}
