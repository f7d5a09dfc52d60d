package io.mirador.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The core's keyring: X25519 recipient keys that agents seal for, and per-tenant pseudonymisation
 * keys. Created at first start when absent.
 *
 * @param keyring the encrypted keyring file
 * @param keyFile a 0600 file whose bytes protect the keyring, used when no passphrase variable is
 *     set; created at first start
 * @param passphraseEnv the environment variable holding the keyring passphrase (scrypt), if any
 * @param publishTo where the public keys are written for agents (JSON, no secrets)
 */
public record KeysConfig(
    Path keyring, Path keyFile, Optional<String> passphraseEnv, Path publishTo) {
  public KeysConfig {
    requireNonNull(keyring, "keyring");
    requireNonNull(keyFile, "keyFile");
    requireNonNull(passphraseEnv, "passphraseEnv");
    requireNonNull(publishTo, "publishTo");
  }
}
