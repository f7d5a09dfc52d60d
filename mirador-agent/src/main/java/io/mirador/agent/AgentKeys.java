package io.mirador.agent;

import io.mirador.crypto.KeyKind;
import io.mirador.crypto.Keyring;
import io.mirador.crypto.KeyringFile;
import io.mirador.crypto.KeyringProtection;
import io.mirador.crypto.PseudonymizationKey;
import io.mirador.crypto.QueueFileCipher;
import io.mirador.crypto.X25519KeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * The agent's own keys, in one keyring file protected by a key file (both 0600): its X25519
 * identity (HPKE auth mode; the public half is registered with the core), the disk queue's master
 * key, and the tenant's pseudonymization key. Created on first start.
 */
record AgentKeys(
    X25519KeyPair identity, QueueFileCipher queueCipher, PseudonymizationKey pseudonymization) {
  private static final Logger LOG = Logger.getLogger(AgentKeys.class.getName());

  static AgentKeys loadOrCreate(AgentConfig config, SecureRandom random)
      throws IOException, GeneralSecurityException {
    Path ring = config.keyringFile();
    Path keyFile = config.keyringKeyFile();
    KeyringProtection protection = KeyringProtection.keyFile(keyFile);
    Keyring keyring;
    if (Files.exists(ring)) {
      keyring = KeyringFile.read(ring, protection);
    } else {
      Files.createDirectories(ring.toAbsolutePath().getParent());
      if (!Files.exists(keyFile)) {
        KeyringProtection.createKeyFile(keyFile, random);
      }
      Instant now = Instant.now();
      keyring =
          Keyring.empty()
              .generate("agent-x25519-1", KeyKind.X25519, "", now, random)
              .promote("agent-x25519-1")
              .generate("queue-1", KeyKind.QUEUE_MASTER, "", now, random)
              .promote("queue-1")
              .generate("pseudonymization-1", KeyKind.HMAC_SHA256, config.tenant(), now, random)
              .promote("pseudonymization-1");
      KeyringFile.write(ring, keyring, protection, random);
      LOG.info("created the agent keyring " + ring);
    }
    X25519KeyPair identity =
        keyring
            .primary(KeyKind.X25519, "")
            .orElseThrow(() -> new IOException(ring + " has no ACTIVE X25519 key"))
            .x25519();
    PseudonymizationKey pseudo =
        keyring
            .pseudonymizationKey(config.tenant())
            .orElseThrow(
                () ->
                    new IOException(
                        ring
                            + " has no ACTIVE pseudonymization key for tenant "
                            + config.tenant()));
    QueueFileCipher cipher = QueueFileCipher.fromKeyring(keyring, random);
    String pub = Base64.getEncoder().encodeToString(identity.publicKey().bytes());
    // The public key only: the operator registers it with the core.
    Path pubFile = config.dataDir().resolve("agent.pub");
    Files.createDirectories(config.dataDir());
    Files.writeString(pubFile, config.agentId() + " " + pub + "\n", StandardCharsets.US_ASCII);
    LOG.info("agent " + config.agentId() + " public key (register with the core): " + pub);
    return new AgentKeys(identity, cipher, pseudo);
  }

  @Override
  public String toString() {
    return "AgentKeys[" + identity.publicKey() + "]";
  }
}
